-- Creates check their namespace inside the same statement, saving the round trip the API made
-- for it before every create. Returns -1 when the namespace does not exist and -2 when it is
-- being deleted; NULL still means "already exists".
-- [jooq ignore start]
CREATE OR REPLACE FUNCTION create_object(p_group varchar, p_resource varchar, p_namespace varchar,
        p_name varchar, p_uid uuid, p_generation bigint, p_labels jsonb, p_object varchar,
        p_created timestamptz) RETURNS bigint AS $$
DECLARE
    r record;
    ns varchar;
    obj varchar;
BEGIN
    IF p_namespace <> '' THEN
        SELECT object INTO ns FROM resources WHERE api_group = '' AND resource = 'namespaces'
            AND namespace = '' AND name = p_namespace;
        IF NOT FOUND THEN
            RETURN -1;
        END IF;
        IF (ns::jsonb -> 'metadata') ? 'deletionTimestamp' THEN
            RETURN -2;
        END IF;
    END IF;
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
-- [jooq ignore stop]
