-- Leadline server, schema step 7: what each role may write, and the business rules a mutation
-- must pass before sync.push applies it (the one write path; see step 8).

-- Which role may set which column. A column of a synced table that is not listed is set by the
-- server (row_version, updated_at, updated_by, the feed's bookkeeping) or by the rules below
-- (the author of a call or note is the caller).
CREATE TABLE sync.column_rights (
    table_name text NOT NULL,
    column_name text NOT NULL,
    roles text[] NOT NULL,
    PRIMARY KEY (table_name, column_name)
);

INSERT INTO sync.column_rights(table_name, column_name, roles)
SELECT r.t, unnest(r.columns), r.roles FROM (VALUES
    ('teams', '{name,supervisor_id,deleted}'::text[], '{admin}'::text[]),
    ('agents', '{login,name,role,team_id,active,deleted}', '{admin}'),
    ('policies', '{key,value,deleted}', '{admin}'),
    ('dnc_numbers', '{kind,value,reason,added_at,deleted}', '{admin}'),
    ('dispositions', '{name,hotkey,is_connect,note_required,callback_required,redial_delay_min,'
                     'sort_order,active,deleted}', '{supervisor,admin}'),
    ('articles', '{title,body,category,tags,stages,industries,customer_types,author,retired,'
                 'deleted}', '{supervisor,admin}'),
    ('tags', '{name,color}', '{agent,supervisor,admin}'),
    ('tags', '{deleted}', '{admin}'),
    ('customers', '{name,company,title,email,industry,region,source,intent,stage,customer_type,'
                  'owner_id,score,score_reasons,custom_fields,amount,created_at,assigned_at,'
                  'last_contact_at}', '{agent,supervisor,admin}'),
    ('customers', '{deleted}', '{supervisor,admin}'),
    ('contacts', '{customer_id,name,title,email,is_primary,deleted}', '{agent,supervisor,admin}'),
    ('phones', '{contact_id,customer_id,e164,e164_digits,national,national_rev,label,deleted}',
               '{agent,supervisor,admin}'),
    ('customer_tags', '{customer_id,tag_id,deleted}', '{agent,supervisor,admin}'),
    ('calls', '{customer_id,contact_id,phone_e164,direction,started_at,connected_at,ended_at,'
              'duration_s,outcome,disposition_id,note,recording_url,deleted}',
              '{agent,supervisor,admin}'),
    ('notes', '{customer_id,body,created_at,deleted}', '{agent,supervisor,admin}'),
    ('stage_changes', '{customer_id,kind,from_value,to_value,detail,at,deleted}',
                      '{agent,supervisor,admin}'),
    ('todos', '{customer_id,agent_id,kind,title,due_at,priority,completed_at,created_at,'
              'created_by_rule,deleted}', '{agent,supervisor,admin}'),
    ('agent_states', '{state,reason,at}', '{agent,supervisor,admin}'),
    ('agent_states', '{deleted}', '{admin}'),
    ('dial_blocks', '{customer_id,phone_e164,rule,message,at,deleted}', '{agent,supervisor,admin}'),
    ('audit_log', '{action,table_name,row_id,detail}', '{agent,supervisor,admin}')
) AS r(t, columns, roles);

-- The checks below run for every pushed mutation: they are PL/pgSQL, whose plans are kept for
-- the session (a SQL function called from PL/pgSQL is planned again on every call).

-- Tables whose agent_id is the author: the server writes the caller there.
CREATE FUNCTION sync.authored_table(target text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN target IN ('calls', 'notes', 'stage_changes', 'agent_states', 'dial_blocks', 'audit_log');
END
$$;

-- May the caller see what an agent (or the pool, NULL) owns? The rule of step 1, unchanged.
CREATE OR REPLACE FUNCTION sync.can_see_owner(owner text) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
DECLARE
    caller_role text := sync.my_role();
BEGIN
    IF caller_role = 'admin' THEN
        RETURN true;
    ELSIF caller_role IS NULL THEN
        RETURN false;
    ELSIF owner IS NULL OR owner = sync.my_agent_id() THEN
        RETURN true;
    END IF;
    RETURN caller_role = 'supervisor' AND EXISTS (SELECT 1 FROM public.agents a WHERE a.id = owner
                                                   AND a.team_id = sync.my_team_id());
END
$$;

-- Refuses a mutation: the message is what the user reads, the code what a client may act on.
CREATE FUNCTION sync.refuse(code text, message text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = message, DETAIL = 'leadline:' || code;
END
$$;

CREATE FUNCTION sync.is_active_agent(agent text) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM public.agents a WHERE a.id = agent AND a.active = 1
                   AND a.deleted = 0);
END
$$;

-- Whether the caller may see a customer (NULL: no such customer).
CREATE FUNCTION sync.customer_visible(customer text) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
DECLARE
    found public.customers%ROWTYPE;
BEGIN
    SELECT * INTO found FROM public.customers c WHERE c.id = customer;
    IF found.id IS NULL THEN
        RETURN NULL;
    END IF;
    RETURN sync.can_see_owner(found.owner_id);
END
$$;

-- Who owned a customer until when: a fact recorded offline on a customer that moved out of the
-- author's sight meanwhile is accepted when he could see it within the offline window.
CREATE TABLE sync.owner_history (
    customer_id text NOT NULL,
    owner_id text,
    until timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX owner_history_customer ON sync.owner_history(customer_id, until);

CREATE FUNCTION sync.remember_owner() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO sync.owner_history(customer_id, owner_id) VALUES (OLD.id, OLD.owner_id);
    RETURN NULL;
END
$$;
CREATE TRIGGER y_remember_owner AFTER UPDATE OF owner_id ON public.customers
    FOR EACH ROW WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id)
    EXECUTE FUNCTION sync.remember_owner();

CREATE FUNCTION sync.customer_was_visible(customer text, window_length interval) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM sync.owner_history h WHERE h.customer_id = customer
                   AND h.until > now() - window_length AND sync.can_see_owner(h.owner_id));
END
$$;

-- Leads the caller claimed from the pool today (the day of the time_zone policy).
CREATE FUNCTION sync.claims_today() RETURNS integer LANGUAGE sql STABLE AS $$
    WITH zone AS (
        SELECT coalesce((SELECT p.value FROM public.policies p
                         WHERE p.key = 'time_zone' AND p.deleted = 0
                           AND p.value IN (SELECT name FROM pg_timezone_names)),
                        'Asia/Shanghai') AS name)
    SELECT count(*)::integer FROM public.audit_log a, zone
    WHERE a.agent_id = sync.my_agent_id() AND a.action = 'claim'
      AND a.at >= (extract(epoch FROM date_trunc('day', now() AT TIME ZONE zone.name)
                                       AT TIME ZONE zone.name) * 1000)::bigint
$$;

CREATE FUNCTION sync.claim_cap() RETURNS integer LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT p.value::integer FROM public.policies p
                     WHERE p.key = 'pool_claim_cap' AND p.deleted = 0 AND p.value ~ '^\s*\d{1,6}\s*$'),
                    50)
$$;

-- The business rules of one mutation. cur: the server row before (NULL for an insert); new: the
-- row as it would be after; changed: the columns the mutation really changes. Raises through
-- sync.refuse when the caller may not do it; returns the audit entries to write:
-- [{"action": ..., "detail": {...}}].
CREATE FUNCTION sync.check_rules(target text, caller_role text, me text, cur jsonb, new jsonb,
                                 changed text[]) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    audits jsonb := '[]'::jsonb;
    is_insert boolean := cur IS NULL;
    old_owner text := cur ->> 'owner_id';
    new_owner text := new ->> 'owner_id';
    tombstoning boolean := 'deleted' = ANY (changed) AND (new ->> 'deleted')::integer = 1;
    customer text := new ->> 'customer_id';
    old_customer text := cur ->> 'customer_id';
    seen boolean;
    contact_customer text;
BEGIN
    -- Moving a record to another customer is what a merge does: supervisors and admins only.
    IF caller_role = 'agent' AND NOT is_insert AND 'customer_id' = ANY (changed)
       AND target <> 'customers' THEN
        PERFORM sync.refuse('merge', 'Only supervisors and administrators merge customers.');
    END IF;
    IF caller_role = 'agent' AND target = 'stage_changes' AND new ->> 'kind' = 'merge' THEN
        PERFORM sync.refuse('merge', 'Only supervisors and administrators merge customers.');
    END IF;
    IF target = 'customers' THEN
        IF NOT is_insert AND NOT sync.can_see_owner(old_owner) THEN
            PERFORM sync.refuse('not_visible', 'This customer is no longer yours: it was '
                                'reassigned or claimed by someone else.');
        END IF;
        IF (is_insert AND new_owner IS NOT NULL) OR 'owner_id' = ANY (changed) THEN
            IF new_owner IS NOT NULL AND NOT sync.is_active_agent(new_owner) THEN
                PERFORM sync.refuse('owner', 'The new owner is not an active user.');
            END IF;
            IF caller_role = 'agent' THEN
                IF is_insert AND new_owner IS DISTINCT FROM me THEN
                    PERFORM sync.refuse('reassign', 'Agents create customers for themselves or the pool.');
                ELSIF NOT is_insert AND NOT ((old_owner IS NULL AND new_owner = me)
                                             OR (old_owner = me AND new_owner IS NULL)) THEN
                    PERFORM sync.refuse('reassign', 'Only supervisors and administrators reassign customers.');
                END IF;
            ELSIF caller_role = 'supervisor' AND NOT sync.can_see_owner(new_owner) THEN
                PERFORM sync.refuse('reassign', 'Supervisors assign customers within their own team.');
            END IF;
            IF NOT is_insert AND old_owner IS NULL AND new_owner = me THEN
                IF caller_role = 'agent' AND sync.claims_today() >= sync.claim_cap() THEN
                    PERFORM sync.refuse('claim_cap', format('You have reached today''s limit of %s '
                                        'leads claimed from the pool.', sync.claim_cap()));
                END IF;
                audits := audits || jsonb_build_object('action', 'claim');
            ELSIF NOT is_insert AND new_owner IS NULL THEN
                audits := audits || jsonb_build_object('action', 'release',
                                                       'detail', jsonb_build_object('from', old_owner));
            ELSIF NOT is_insert THEN
                audits := audits || jsonb_build_object('action', 'reassign', 'detail',
                    jsonb_build_object('from', old_owner, 'to', new_owner));
            END IF;
        END IF;
        IF tombstoning THEN
            audits := audits || jsonb_build_object('action', 'delete');
        END IF;

    ELSIF target IN ('contacts', 'phones', 'customer_tags') THEN
        IF NOT is_insert AND NOT coalesce(sync.customer_visible(old_customer), false) THEN
            PERFORM sync.refuse('not_visible', 'This customer is no longer yours.');
        END IF;
        seen := sync.customer_visible(customer);
        IF seen IS NULL THEN
            PERFORM sync.refuse('reference', 'The customer does not exist on the server.');
        ELSIF NOT seen THEN
            PERFORM sync.refuse('not_visible', 'This customer is no longer yours.');
        END IF;
        IF target = 'phones' THEN
            SELECT k.customer_id INTO contact_customer FROM public.contacts k
            WHERE k.id = new ->> 'contact_id';
            IF contact_customer IS DISTINCT FROM customer THEN
                PERFORM sync.refuse('reference', 'A phone''s contact must belong to the phone''s customer.');
            END IF;
        ELSIF target = 'customer_tags' AND is_insert
              AND NOT EXISTS (SELECT 1 FROM public.tags g WHERE g.id = new ->> 'tag_id'
                              AND g.deleted = 0) THEN
            PERFORM sync.refuse('reference', 'The tag does not exist on the server.');
        END IF;

    ELSIF sync.authored_table(target) THEN
        IF target = 'audit_log' THEN
            IF NOT is_insert THEN
                PERFORM sync.refuse('append_only', 'The audit log cannot be changed.');
            ELSIF new ->> 'action' NOT IN ('export', 'failed_sign_in') THEN
                PERFORM sync.refuse('audit', 'Only exports and failed sign-ins are recorded by '
                                    'a workstation; the server records the rest itself.');
            END IF;
            RETURN audits;
        END IF;
        IF customer IS NOT NULL THEN
            seen := sync.customer_visible(customer);
            IF seen IS NULL THEN
                PERFORM sync.refuse('reference', 'The customer does not exist on the server.');
            END IF;
        END IF;
        IF is_insert THEN
            -- Facts an agent recorded are kept even when the customer moved out of his sight
            -- meanwhile (within the offline window): the call stays his and the new owner sees
            -- it. Other events need sight.
            IF NOT seen AND (target = 'stage_changes'
                             OR NOT sync.customer_was_visible(customer, interval '90 days')) THEN
                PERFORM sync.refuse('not_visible', 'This customer is no longer yours.');
            END IF;
            IF target = 'stage_changes' AND new ->> 'kind' = 'merge' THEN
                audits := audits || jsonb_build_object('action', 'merge',
                    'detail', jsonb_build_object('from', new ->> 'from_value', 'into', customer));
            END IF;
        ELSIF caller_role <> 'admin' THEN
            IF changed <@ ARRAY['customer_id', 'contact_id']::text[] THEN
                -- A merge moves the history of a duplicate onto the customer that stays.
                IF NOT coalesce(sync.customer_visible(old_customer), false) OR NOT seen THEN
                    PERFORM sync.refuse('not_visible', 'This customer is no longer yours.');
                END IF;
            ELSIF cur ->> 'agent_id' IS DISTINCT FROM me THEN
                PERFORM sync.refuse('not_author', 'Only its author may change or delete this entry.');
            END IF;
        END IF;
        IF target = 'calls' AND new ->> 'contact_id' IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM public.contacts k WHERE k.id = new ->> 'contact_id'
                           AND k.customer_id = customer) THEN
            PERFORM sync.refuse('reference', 'The call''s contact must belong to its customer.');
        END IF;
        IF target = 'calls' AND new ->> 'disposition_id' IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM public.dispositions d WHERE d.id = new ->> 'disposition_id') THEN
            PERFORM sync.refuse('reference', 'The call''s disposition does not exist on the server.');
        END IF;

    ELSIF target = 'todos' THEN
        IF NOT is_insert THEN
            IF NOT (CASE WHEN old_customer IS NULL THEN sync.can_see_owner(cur ->> 'agent_id')
                         ELSE coalesce(sync.customer_visible(old_customer), false) END) THEN
                PERFORM sync.refuse('not_visible', 'This to-do is no longer yours.');
            END IF;
            IF caller_role = 'agent' AND cur ->> 'agent_id' IS DISTINCT FROM me THEN
                PERFORM sync.refuse('not_assignee', 'Only the person it is assigned to, or a '
                                    'supervisor, may change or complete this to-do.');
            END IF;
        END IF;
        IF customer IS NOT NULL AND (is_insert OR 'customer_id' = ANY (changed)) THEN
            seen := sync.customer_visible(customer);
            IF seen IS NULL THEN
                PERFORM sync.refuse('reference', 'The customer does not exist on the server.');
            ELSIF NOT seen THEN
                PERFORM sync.refuse('not_visible', 'This customer is no longer yours.');
            END IF;
        END IF;
        IF is_insert OR 'agent_id' = ANY (changed) THEN
            IF NOT sync.is_active_agent(new ->> 'agent_id') THEN
                PERFORM sync.refuse('reference', 'A to-do is assigned to an active user.');
            ELSIF caller_role = 'agent' AND new ->> 'agent_id' <> me
                  AND NOT (is_insert AND new ->> 'agent_id' IN (
                      SELECT m.supervisor_id FROM public.teams m WHERE m.id = sync.my_team_id())) THEN
                -- An agent's rule may remind his supervisor; nothing else leaves his hands.
                PERFORM sync.refuse('reassign', 'Agents assign to-dos to themselves only.');
            ELSIF caller_role = 'supervisor' AND NOT sync.can_see_owner(new ->> 'agent_id') THEN
                PERFORM sync.refuse('reassign', 'Supervisors assign to-dos within their own team.');
            END IF;
        END IF;

    ELSIF target = 'tags' THEN
        IF NOT is_insert AND caller_role <> 'admin' THEN
            PERFORM sync.refuse('admin_only', 'Only administrators rename or delete tags.');
        END IF;

    ELSIF target = 'agents' THEN
        IF 'login' = ANY (changed) AND EXISTS (
               SELECT 1 FROM pg_roles r WHERE r.rolname = new ->> 'login'
               AND (r.rolsuper OR NOT pg_has_role(r.oid, 'leadline_client', 'MEMBER'))) THEN
            PERFORM sync.refuse('login', 'That login belongs to a server role that is not a Leadline user.');
        END IF;
        IF NOT is_insert AND 'login' = ANY (changed) THEN
            PERFORM sync.refuse('login', 'A user''s login cannot change; add a new user instead.');
        END IF;
        IF new ->> 'team_id' IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM public.teams m WHERE m.id = new ->> 'team_id') THEN
            PERFORM sync.refuse('reference', 'The team does not exist on the server.');
        END IF;
        IF 'role' = ANY (changed) THEN
            audits := audits || jsonb_build_object('action', 'role', 'detail',
                jsonb_build_object('from', cur ->> 'role', 'to', new ->> 'role'));
        END IF;
        IF 'team_id' = ANY (changed) THEN
            audits := audits || jsonb_build_object('action', 'team', 'detail',
                jsonb_build_object('from', cur ->> 'team_id', 'to', new ->> 'team_id'));
        END IF;
        IF changed && ARRAY['login', 'name', 'active', 'deleted'] THEN
            audits := audits || jsonb_build_object('action', 'user',
                'detail', jsonb_build_object('changed', to_jsonb(changed)));
        END IF;

    ELSIF target = 'teams' THEN
        IF new ->> 'supervisor_id' IS NOT NULL AND NOT sync.is_active_agent(new ->> 'supervisor_id') THEN
            PERFORM sync.refuse('reference', 'The supervisor is not an active user.');
        END IF;
        audits := audits || jsonb_build_object('action', 'team',
                                               'detail', jsonb_build_object('changed', to_jsonb(changed)));

    ELSIF target = 'policies' THEN
        audits := audits || jsonb_build_object('action', 'policy', 'detail',
            jsonb_build_object('key', new ->> 'key', 'from', cur ->> 'value', 'to', new ->> 'value'));

    ELSIF target = 'dnc_numbers' THEN
        audits := audits || jsonb_build_object('action', 'dnc', 'detail',
            jsonb_build_object('value', new ->> 'value', 'deleted', new -> 'deleted'));
    END IF;
    RETURN audits;
END
$$;
