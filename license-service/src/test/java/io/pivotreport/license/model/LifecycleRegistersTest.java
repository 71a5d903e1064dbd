package io.pivotreport.license.model;

import org.junit.jupiter.api.Test;

import static io.pivotreport.license.model.LifecycleEvent.DISABLED;
import static io.pivotreport.license.model.LifecycleEvent.ENABLED;
import static io.pivotreport.license.model.LifecycleEvent.INSTALLED;
import static io.pivotreport.license.model.LifecycleEvent.UNINSTALLED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleRegistersTest {

    /** Applies events in order and returns the registers after the last one. */
    private static LifecycleRegisters play(Object... eventsAndIats) {
        LifecycleRegisters registers = LifecycleRegisters.NONE;
        for (int i = 0; i < eventsAndIats.length; i += 2) {
            registers = registers.apply((LifecycleEvent) eventsAndIats[i], (Integer) eventsAndIats[i + 1]).after();
        }
        return registers;
    }

    @Test
    void installThenEnableEndsEnabledWhateverTheArrivalOrderWithinOneSecond() {
        assertEquals(TenantState.ENABLED, play(INSTALLED, 100, ENABLED, 100).state());
        // enabled overtaking installed cannot happen for a brand-new tenant (it does not exist yet), but can on re-install
        LifecycleRegisters uninstalled = play(INSTALLED, 100, ENABLED, 100, DISABLED, 200, UNINSTALLED, 200);
        LifecycleRegisters overtaken = uninstalled.apply(ENABLED, 300).after().apply(INSTALLED, 300).after();
        assertEquals(TenantState.ENABLED, overtaken.state());
    }

    @Test
    void disabledAndUninstalledInEitherOrderWithTheSameIatEndUninstalled() {
        LifecycleRegisters enabled = play(INSTALLED, 100, ENABLED, 100);
        LifecycleRegisters disabledFirst = enabled.apply(DISABLED, 200).after().apply(UNINSTALLED, 200).after();
        assertEquals(TenantState.UNINSTALLED, disabledFirst.state());

        LifecycleRegisters.Outcome uninstalledFirst = enabled.apply(UNINSTALLED, 200);
        LifecycleRegisters.Outcome lateDisabled = uninstalledFirst.after().apply(DISABLED, 200);
        assertTrue(lateDisabled.stale(), "disabled at the uninstall's iat loses the tie");
        assertEquals(TenantState.UNINSTALLED, lateDisabled.after().state());
    }

    @Test
    void uninstalledWinsOverInstalledAtTheSameIat() {
        LifecycleRegisters uninstalled = play(INSTALLED, 100, UNINSTALLED, 200);
        assertTrue(uninstalled.apply(INSTALLED, 200).stale());
        LifecycleRegisters reinstalledThenUninstalled = play(INSTALLED, 100).apply(UNINSTALLED, 100).after();
        assertEquals(TenantState.UNINSTALLED, reinstalledThenUninstalled.state());
    }

    @Test
    void disabledWinsOverEnabledAtTheSameIat() {
        LifecycleRegisters disabled = play(INSTALLED, 100, DISABLED, 150);
        assertTrue(disabled.apply(ENABLED, 150).stale());
        assertEquals(TenantState.DISABLED, play(INSTALLED, 100, ENABLED, 150, DISABLED, 150).state());
    }

    @Test
    void anOlderEventNeverOverridesANewerOne() {
        LifecycleRegisters disabled = play(INSTALLED, 100, ENABLED, 100, DISABLED, 300);
        LifecycleRegisters.Outcome lateEnable = disabled.apply(ENABLED, 200);
        assertTrue(lateEnable.stale());
        assertSame(disabled, lateEnable.after());

        LifecycleRegisters uninstalled = play(INSTALLED, 100, UNINSTALLED, 300);
        assertTrue(uninstalled.apply(INSTALLED, 299).stale());
        assertTrue(uninstalled.apply(ENABLED, 250).stale());
        assertEquals(TenantState.UNINSTALLED, uninstalled.state());
    }

    @Test
    void theSameEventAgainIsARetryNotAStaleEvent() {
        LifecycleRegisters installed = play(INSTALLED, 100);
        LifecycleRegisters.Outcome retry = installed.apply(INSTALLED, 100);
        assertEquals(LifecycleRegisters.Order.SAME, retry.order());
        assertFalse(retry.stale());
        assertSame(installed, retry.after());
    }

    @Test
    void reinstallStartsAFreshInstallationThatIgnoresEnablementFromBeforeTheUninstall() {
        LifecycleRegisters uninstalled = play(INSTALLED, 100, ENABLED, 100, DISABLED, 200, UNINSTALLED, 200);
        LifecycleRegisters.Outcome reinstall = uninstalled.apply(INSTALLED, 300);
        assertTrue(reinstall.freshInstall());
        assertEquals(TenantState.INSTALLED, reinstall.after().state());
        assertEquals(TenantState.ENABLED, reinstall.after().apply(ENABLED, 301).after().state());
    }

    @Test
    void anUpgradeInstalledKeepsTheAppEnabled() {
        LifecycleRegisters.Outcome upgrade = play(INSTALLED, 100, ENABLED, 100).apply(INSTALLED, 5000);
        assertFalse(upgrade.freshInstall());
        assertEquals(TenantState.ENABLED, upgrade.after().state());
    }

    @Test
    void aRegisterWithoutInstallationHasNoState() {
        assertThrows(IllegalStateException.class, LifecycleRegisters.NONE::state);
    }
}
