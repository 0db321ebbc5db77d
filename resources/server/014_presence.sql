-- Leadline server, step 14: the live floor (§2.6). Each signed-in client publishes its agent's
-- state (Ready, NotReady with a reason, OnCall, WrapUp) and, while on a call, the customer and
-- his masked number; it repeats the same publication every few seconds as a heartbeat, so a
-- client that died shows as offline. The table is not synced and no client reads or writes it:
-- sync.presence_publish writes the caller's own row only, sync.presence_floor reads the rows
-- the caller may see (his own, his team's for a supervisor, everyone's for an admin). A change
-- notifies leadline_presence with the agent's team id, so supervisors re-read at once.
-- (No foreign key: sync.purge follows every foreign key in public to rows with an id; a row of
-- an agent who is gone is never read, since the floor starts from the agents.)
CREATE TABLE public.agent_presence (
    agent_id text PRIMARY KEY,
    state text NOT NULL CHECK (state IN ('Ready', 'NotReady', 'OnCall', 'WrapUp', 'Offline')),
    reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 200),
    customer_id text CHECK (length(customer_id) <= 100),
    phone_masked text NOT NULL DEFAULT '' CHECK (length(phone_masked) <= 40),
    since timestamptz NOT NULL DEFAULT now(),       -- server time the state began
    heartbeat_at timestamptz NOT NULL DEFAULT now() -- server time of the last publication
);
REVOKE ALL ON public.agent_presence FROM PUBLIC, leadline_client;

-- After this long without a publication a client counts as gone (it publishes every 5 s).
CREATE FUNCTION sync.presence_timeout() RETURNS interval LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp AS $$ SELECT interval '15 seconds' $$;

-- Publishes the caller's own state; the same values again are a heartbeat. The time in state
-- restarts when the state or its reason changes, or when the client was gone.
CREATE FUNCTION sync.presence_publish(new_state text, new_reason text, new_customer_id text,
                                      new_phone_masked text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    me text := sync.my_agent_id();
    previous public.agent_presence;
    changed boolean;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'only a signed-in user publishes his state' USING ERRCODE = '42501';
    END IF;
    IF new_state IS NULL OR new_state NOT IN ('Ready', 'NotReady', 'OnCall', 'WrapUp', 'Offline') THEN
        RAISE EXCEPTION 'unknown agent state: %', new_state USING ERRCODE = '22023';
    END IF;
    new_reason := CASE WHEN new_state = 'NotReady' THEN left(coalesce(new_reason, ''), 200) ELSE '' END;
    IF new_state NOT IN ('OnCall', 'WrapUp') THEN
        new_customer_id := NULL;
        new_phone_masked := '';
    END IF;
    new_customer_id := left(new_customer_id, 100);
    new_phone_masked := left(coalesce(new_phone_masked, ''), 40);
    SELECT * INTO previous FROM public.agent_presence p WHERE p.agent_id = me FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO public.agent_presence(agent_id, state, reason, customer_id, phone_masked)
        VALUES (me, new_state, new_reason, new_customer_id, new_phone_masked);
        changed := true;
    ELSE
        changed := previous.state <> new_state OR previous.reason <> new_reason
                   OR previous.customer_id IS DISTINCT FROM new_customer_id
                   OR previous.phone_masked <> new_phone_masked
                   OR previous.heartbeat_at < now() - sync.presence_timeout();
        UPDATE public.agent_presence p
        SET state = new_state, reason = new_reason, customer_id = new_customer_id,
            phone_masked = new_phone_masked, heartbeat_at = now(),
            since = CASE WHEN previous.state <> new_state OR previous.reason <> new_reason
                           OR previous.heartbeat_at < now() - sync.presence_timeout()
                         THEN now() ELSE previous.since END
        WHERE p.agent_id = me;
    END IF;
    IF changed THEN
        PERFORM pg_notify('leadline_presence', coalesce(sync.my_team_id(), ''));
    END IF;
END
$$;

-- The floor the caller may see: one row per active agent (an agent: himself; a supervisor: his
-- team; an admin: everyone), offline when he never published, signed off or stopped beating.
-- Times are milliseconds since the epoch on the server's clock, with the server's now beside
-- them so a client measures time in state without trusting its own clock.
CREATE FUNCTION sync.presence_floor()
RETURNS TABLE (agent_id text, agent_name text, team_id text, state text, reason text,
               customer_id text, phone_masked text, since_ms bigint, heartbeat_ms bigint,
               now_ms bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    WITH me AS (SELECT sync.my_agent_id() AS id, sync.my_role() AS role, sync.my_team_id() AS team)
    SELECT a.id, a.name, a.team_id,
           CASE WHEN p.agent_id IS NULL OR p.heartbeat_at < now() - sync.presence_timeout()
                THEN 'Offline' ELSE p.state END,
           CASE WHEN p.heartbeat_at >= now() - sync.presence_timeout() THEN p.reason ELSE '' END,
           CASE WHEN p.heartbeat_at >= now() - sync.presence_timeout() THEN p.customer_id END,
           CASE WHEN p.heartbeat_at >= now() - sync.presence_timeout() THEN p.phone_masked
                ELSE '' END,
           (extract(epoch FROM CASE WHEN p.heartbeat_at >= now() - sync.presence_timeout()
                                    THEN p.since
                                    ELSE coalesce(p.heartbeat_at, now()) END) * 1000)::bigint,
           (extract(epoch FROM p.heartbeat_at) * 1000)::bigint,
           (extract(epoch FROM now()) * 1000)::bigint
    FROM public.agents a CROSS JOIN me
    LEFT JOIN public.agent_presence p ON p.agent_id = a.id
    WHERE a.deleted = 0 AND a.active = 1
      AND (me.role = 'admin'
           OR (me.role = 'supervisor' AND a.team_id = me.team)
           OR a.id = me.id)
    ORDER BY a.name, a.id
$$;

-- "My performance" (§2.6): an agent sees only his own calls, so the median of his team comes from
-- the server, and only where the policy kpi_team_median is 'true'. Per agent of the caller's team
-- (agents only, active): dials, connects, effective talk (connected calls of 60 s or more) and
-- connect rate over [from_ms, to_ms); the medians of those, and how many agents they are of. NULL
-- when the policy does not allow it or the caller has no team.
CREATE FUNCTION sync.kpi_team_median(from_ms bigint, to_ms bigint)
RETURNS jsonb LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    team text := sync.my_team_id();
    allowed text;
    result jsonb;
BEGIN
    IF sync.my_agent_id() IS NULL OR team IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT p.value INTO allowed FROM public.policies p WHERE p.key = 'kpi_team_median' AND p.deleted = 0;
    IF coalesce(allowed, '') <> 'true' THEN
        RETURN NULL;
    END IF;
    WITH per_agent AS (
        SELECT a.id,
               count(c.id) AS dials,
               count(c.id) FILTER (WHERE d.is_connect <> 0) AS connects,
               coalesce(sum(c.duration_s) FILTER (WHERE d.is_connect <> 0 AND c.duration_s >= 60), 0)
                   AS effective_s
        FROM public.agents a
        LEFT JOIN public.calls c ON c.agent_id = a.id AND c.deleted = 0
             AND c.started_at >= from_ms AND c.started_at < to_ms
        LEFT JOIN public.dispositions d ON d.id = c.disposition_id
        WHERE a.team_id = team AND a.role = 'agent' AND a.active = 1 AND a.deleted = 0
        GROUP BY a.id)
    SELECT jsonb_build_object(
               'agents', count(*),
               'dials', percentile_cont(0.5) WITHIN GROUP (ORDER BY dials),
               'connects', percentile_cont(0.5) WITHIN GROUP (ORDER BY connects),
               'effective_talk_s', percentile_cont(0.5) WITHIN GROUP (ORDER BY effective_s),
               'connect_rate', percentile_cont(0.5) WITHIN GROUP (
                   ORDER BY connects::float8 / nullif(dials, 0)))
    INTO result FROM per_agent;
    RETURN result;
END
$$;

REVOKE EXECUTE ON FUNCTION sync.kpi_team_median(bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sync.kpi_team_median(bigint, bigint) TO leadline_client;

REVOKE EXECUTE ON FUNCTION sync.presence_timeout(), sync.presence_publish(text, text, text, text),
    sync.presence_floor() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sync.presence_publish(text, text, text, text), sync.presence_floor()
    TO leadline_client;
