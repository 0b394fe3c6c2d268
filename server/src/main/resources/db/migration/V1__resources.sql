-- Desired state of every resource, and the log of changes that watches are served from.
--
-- Ordering guarantee (see docs/ARCHITECTURE.md, "Revisions"): each write transaction takes
-- exactly one revision, as its first action, from next_revision(). That function assigns the
-- transaction id and the revision under one short advisory lock, so revision order equals
-- transaction-id order among writers. A reader then only trusts changes whose txid is below the
-- xmin of its snapshot: every such transaction has finished, and every unfinished one holds a
-- higher revision. Commits still run in parallel (no lock is held while committing).

CREATE SEQUENCE revision_seq;

CREATE TABLE resources (
    api_group    varchar(253) NOT NULL, -- '' for the core group
    resource     varchar(63)  NOT NULL, -- plural name, e.g. s3instances
    namespace    varchar(63)  COLLATE "C" NOT NULL, -- empty for cluster-scoped kinds
    name         varchar(253) COLLATE "C" NOT NULL,
    uid          uuid         NOT NULL,
    revision     bigint       NOT NULL,
    generation   bigint       NOT NULL,
    labels       jsonb        NOT NULL,
    object       varchar(1048576) NOT NULL, -- the full object as JSON; Secret data sealed
    created_at   timestamp with time zone NOT NULL,
    PRIMARY KEY (api_group, resource, namespace, name)
);

CREATE INDEX resources_revision ON resources (revision);

CREATE TABLE changes (
    revision     bigint       NOT NULL PRIMARY KEY,
    txid         bigint       NOT NULL, -- pg_current_xact_id() of the writing transaction
    api_group    varchar(253) NOT NULL,
    resource     varchar(63)  NOT NULL,
    namespace    varchar(63)  COLLATE "C" NOT NULL,
    name         varchar(253) COLLATE "C" NOT NULL,
    type         varchar(8)   NOT NULL, -- ADDED, MODIFIED or DELETED
    object       varchar(1048576) NOT NULL,          -- the object after the change
    prev_object  varchar(1048576),                   -- the object before it (NULL when ADDED)
    changed_at   timestamp with time zone NOT NULL
);

-- Changes at or below this revision have been compacted away; watching from there answers 410.
CREATE TABLE compaction (
    id           int    NOT NULL PRIMARY KEY,
    revision     bigint NOT NULL
);
INSERT INTO compaction (id, revision) VALUES (1, 0);

-- [jooq ignore start]
CREATE FUNCTION next_revision(OUT revision bigint, OUT txid bigint) AS $$
BEGIN
    IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
        RAISE EXCEPTION 'next_revision() must be the first write of its transaction';
    END IF;
    PERFORM pg_advisory_lock(7365616301);
    txid := pg_current_xact_id()::text::bigint;
    revision := nextval('revision_seq');
    PERFORM pg_advisory_unlock(7365616301);
END
$$ LANGUAGE plpgsql;

-- The three writes. Each runs as one autocommit statement (one round trip), takes its revision
-- first, writes the object with "~rv~" replaced by that revision, and logs the change. Updates
-- and deletes are conditional on the revision the caller read; NULL means "changed meanwhile"
-- (or, for a create, "already exists"), and the caller re-reads and decides again.
CREATE FUNCTION create_object(p_group varchar, p_resource varchar, p_namespace varchar,
        p_name varchar, p_uid uuid, p_generation bigint, p_labels jsonb, p_object varchar,
        p_created timestamptz) RETURNS bigint AS $$
DECLARE
    r record;
    obj varchar;
BEGIN
    SELECT * INTO r FROM next_revision();
    obj := replace(p_object, '"resourceVersion":"~rv~"', '"resourceVersion":"' || r.revision || '"');
    INSERT INTO resources VALUES (p_group, p_resource, p_namespace, p_name, p_uid, r.revision,
        p_generation, p_labels, obj, p_created) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    INSERT INTO changes VALUES (r.revision, r.txid, p_group, p_resource, p_namespace, p_name,
        'ADDED', obj, NULL, now());
    RETURN r.revision;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION update_object(p_group varchar, p_resource varchar, p_namespace varchar,
        p_name varchar, p_expected bigint, p_generation bigint, p_labels jsonb, p_object varchar)
        RETURNS bigint AS $$
DECLARE
    r record;
    old varchar;
    obj varchar;
BEGIN
    SELECT * INTO r FROM next_revision();
    SELECT object INTO old FROM resources WHERE api_group = p_group AND resource = p_resource
        AND namespace = p_namespace AND name = p_name AND revision = p_expected FOR UPDATE;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    obj := replace(p_object, '"resourceVersion":"~rv~"', '"resourceVersion":"' || r.revision || '"');
    UPDATE resources SET revision = r.revision, generation = p_generation, labels = p_labels,
        object = obj WHERE api_group = p_group AND resource = p_resource
        AND namespace = p_namespace AND name = p_name;
    INSERT INTO changes VALUES (r.revision, r.txid, p_group, p_resource, p_namespace, p_name,
        'MODIFIED', obj, old, now());
    RETURN r.revision;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION delete_object(p_group varchar, p_resource varchar, p_namespace varchar,
        p_name varchar, p_expected bigint, p_last_state varchar) RETURNS bigint AS $$
DECLARE
    r record;
    old varchar;
    obj varchar;
BEGIN
    SELECT * INTO r FROM next_revision();
    DELETE FROM resources WHERE api_group = p_group AND resource = p_resource
        AND namespace = p_namespace AND name = p_name AND revision = p_expected
        RETURNING object INTO old;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    obj := replace(p_last_state, '"resourceVersion":"~rv~"', '"resourceVersion":"' || r.revision || '"');
    INSERT INTO changes VALUES (r.revision, r.txid, p_group, p_resource, p_namespace, p_name,
        'DELETED', obj, old, now());
    RETURN r.revision;
END
$$ LANGUAGE plpgsql;

CREATE INDEX resources_labels ON resources USING gin (labels jsonb_path_ops);
-- [jooq ignore stop]
