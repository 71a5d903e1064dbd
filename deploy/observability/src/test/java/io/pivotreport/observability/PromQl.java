package io.pivotreport.observability;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A small PromQL reader: enough to list the metric names and the label names an expression uses. It tokenizes
 * (strings, numbers, identifiers, punctuation), skips label-matcher bodies for names and range brackets, and tells
 * metric names from functions (followed by '('), aggregation operators, keywords and grouping label lists.
 */
final class PromQl {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "inf", "nan", "atan2", "start", "end");
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private record Token(String kind, String text) {
    }

    private PromQl() {
    }

    /** Metric names selected by {@code expr}. */
    static Set<String> metricNames(String expr) {
        List<Token> tokens = tokenize(expr);
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind.equals("punct") && (t.text.equals("{") || t.text.equals("["))) {
                i = skipTo(tokens, i, t.text.equals("{") ? "}" : "]");
                continue;
            }
            if (!t.kind.equals("ident")) {
                continue;
            }
            String next = i + 1 < tokens.size() ? tokens.get(i + 1).text : "";
            if (GROUPING.contains(t.text) && next.equals("(")) {
                i = skipTo(tokens, i + 1, ")");
                continue;
            }
            if (t.text.equals("offset")) {
                i++;
                continue;
            }
            if (KEYWORDS.contains(t.text) || AGGREGATIONS.contains(t.text) || next.equals("(")) {
                continue;
            }
            names.add(t.text);
        }
        return names;
    }

    /** Label names used in matchers ({@code {a="x"}}) and in grouping lists ({@code by (a, b)}). */
    static Set<String> labelNames(String expr) {
        List<Token> tokens = tokenize(expr);
        Set<String> labels = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind.equals("punct") && t.text.equals("{")) {
                int end = skipTo(tokens, i, "}");
                for (int j = i + 1; j < end; j++) {
                    Token inner = tokens.get(j);
                    boolean followedByOperator = j + 1 < end && tokens.get(j + 1).kind.equals("op");
                    if (inner.kind.equals("ident") && followedByOperator) {
                        labels.add(inner.text);
                    }
                }
                i = end;
            } else if (t.kind.equals("ident") && GROUPING.contains(t.text) && i + 1 < tokens.size()
                    && tokens.get(i + 1).text.equals("(")) {
                int end = skipTo(tokens, i + 1, ")");
                for (int j = i + 2; j < end; j++) {
                    if (tokens.get(j).kind.equals("ident")) {
                        labels.add(tokens.get(j).text);
                    }
                }
                i = end;
            }
        }
        return labels;
    }

    private static int skipTo(List<Token> tokens, int open, String close) {
        for (int j = open + 1; j < tokens.size(); j++) {
            if (tokens.get(j).text.equals(close) && !tokens.get(j).kind.equals("string")) {
                return j;
            }
        }
        throw new IllegalArgumentException("Unbalanced expression: missing " + close);
    }

    private static List<Token> tokenize(String expr) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < expr.length()) {
            char c = expr.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < expr.length() && expr.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                int j = i + 1;
                while (j < expr.length() && expr.charAt(j) != c) {
                    j += expr.charAt(j) == '\\' && c != '`' ? 2 : 1;
                }
                tokens.add(new Token("string", expr.substring(i, Math.min(j + 1, expr.length()))));
                i = j + 1;
            } else if (c == '$') {
                // a Grafana variable: $job, ${job}, $__range
                int j = i + 1;
                if (j < expr.length() && expr.charAt(j) == '{') {
                    j = expr.indexOf('}', j) + 1;
                } else {
                    while (j < expr.length() && (Character.isLetterOrDigit(expr.charAt(j)) || expr.charAt(j) == '_')) {
                        j++;
                    }
                }
                tokens.add(new Token("variable", expr.substring(i, j)));
                i = j;
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int j = i + 1;
                while (j < expr.length() && (Character.isLetterOrDigit(expr.charAt(j)) || expr.charAt(j) == '_'
                        || expr.charAt(j) == ':')) {
                    j++;
                }
                tokens.add(new Token("ident", expr.substring(i, j)));
                i = j;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < expr.length() && Character.isDigit(expr.charAt(i + 1)))) {
                int j = i + 1;
                while (j < expr.length() && (Character.isLetterOrDigit(expr.charAt(j)) || expr.charAt(j) == '.')) {
                    j++;
                }
                tokens.add(new Token("number", expr.substring(i, j)));
                i = j;
            } else if ("=!<>~".indexOf(c) >= 0) {
                int j = i + 1;
                while (j < expr.length() && "=~".indexOf(expr.charAt(j)) >= 0) {
                    j++;
                }
                tokens.add(new Token("op", expr.substring(i, j)));
                i = j;
            } else {
                tokens.add(new Token("punct", String.valueOf(c)));
                i++;
            }
        }
        return tokens;
    }
}
