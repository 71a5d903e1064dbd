/*
 * Pivot Report front end (shell). Talks only to the gateway's /api routes with a context token from
 * AP.context.getToken(); never stores a token, never writes HTML from data (textContent only).
 */
(function () {
  'use strict';

  function token() {
    return new Promise(function (resolve, reject) {
      if (!window.AP || !window.AP.context) {
        reject(new Error('not inside Jira'));
        return;
      }
      window.AP.context.getToken(resolve);
    });
  }

  function api(method, path, body) {
    return token().then(function (jwt) {
      return fetch(path, {
        method: method,
        credentials: 'omit',
        headers: Object.assign({ 'Authorization': 'JWT ' + jwt },
          body ? { 'Content-Type': 'application/json' } : {}),
        body: body ? JSON.stringify(body) : undefined
      });
    });
  }

  function show(root, text) {
    var line = document.createElement('p');
    line.textContent = text;
    root.appendChild(line);
  }

  document.addEventListener('DOMContentLoaded', function () {
    var root = document.getElementById('pivot-report');
    if (!root) {
      return;
    }
    api('GET', '/api/license')
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (license) {
        if (license && license.license && license.license.status !== 'active') {
          show(root, 'Licence status: ' + license.license.status);
        }
        return api('GET', '/api/reports?page=0&size=20');
      })
      .then(function (response) { return response.ok ? response.json() : { items: [] }; })
      .then(function (page) {
        var items = (page && (page.items || page.content)) || [];
        show(root, items.length + ' saved report(s)');
      })
      .catch(function () { show(root, 'Pivot Report could not load.'); });
  });
}());
