-- Tombstones of erased tenants: only the id (license-service's tenant UUID), nothing else. Written with the erasure on
-- ERASURE_DUE; session events of such a tenant that arrive later (in flight at the time) are dropped instead of
-- stored. A re-installed site gets a new tenant id, so a tombstone never blocks a live tenant.
CREATE TABLE erased_tenant (
    tenant_id TEXT PRIMARY KEY
);
