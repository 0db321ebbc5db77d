-- Leadline server, schema step 15: the lead score's weights, decay and thresholds (mirror of
-- resources/local/018_rules_turns_weights.sql). Every client reads them (each scores the
-- customers it sees); only supervisors and administrators write them, and the write path checks
-- their shape and bounds.

CREATE TABLE public.score_weights (
    id text PRIMARY KEY,
    weights text NOT NULL DEFAULT '{}',
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0
);

SELECT sync.register_table('score_weights', 'last_write_wins', 'staff');

INSERT INTO sync.column_rights(table_name, column_name, roles)
VALUES ('score_weights', 'weights', '{supervisor,admin}'),
       ('score_weights', 'deleted', '{supervisor,admin}');

-- The weights as ScoreWeights::fromJson reads them: maps of points, whole numbers within
-- ±100, thresholds 0 ≤ warm ≤ hot ≤ maximum ≤ 1000, a half-life of 0 to 3650 days.
CREATE FUNCTION sync.check_score_weights(new jsonb) RETURNS void LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    parsed jsonb;
    section text;
    entry record;
    number text;
BEGIN
    BEGIN
        parsed := (new ->> 'weights')::jsonb;
    EXCEPTION WHEN OTHERS THEN
        PERFORM sync.refuse('score_weights', 'The score weights are not readable.');
    END;
    IF jsonb_typeof(parsed) IS DISTINCT FROM 'object' THEN
        PERFORM sync.refuse('score_weights', 'The score weights are not readable.');
    END IF;
    FOREACH section IN ARRAY ARRAY['industry', 'region', 'title', 'intent', 'stage'] LOOP
        IF parsed ? section THEN
            IF jsonb_typeof(parsed -> section) <> 'object' THEN
                PERFORM sync.refuse('score_weights', format('%s is not a list of points.', section));
            END IF;
            FOR entry IN SELECT key, value FROM jsonb_each(parsed -> section) LOOP
                IF jsonb_typeof(entry.value) <> 'number' OR (entry.value)::numeric <> round((entry.value)::numeric)
                   OR abs((entry.value)::numeric) > 100 OR length(entry.key) > 100 THEN
                    PERFORM sync.refuse('score_weights',
                        format('%s: %s must be whole points within ±100.', section, entry.key));
                END IF;
            END LOOP;
        END IF;
    END LOOP;
    FOREACH number IN ARRAY ARRAY['connected_call', 'connected_calls_cap', 'recent_contact',
                                  'half_life_days', 'hot_from', 'warm_from', 'maximum'] LOOP
        IF parsed ? number AND jsonb_typeof(parsed -> number) <> 'number' THEN
            PERFORM sync.refuse('score_weights', format('%s is not a number.', number));
        END IF;
    END LOOP;
    IF coalesce((parsed ->> 'half_life_days')::numeric, 14) NOT BETWEEN 0 AND 3650
       OR abs(coalesce((parsed ->> 'connected_call')::numeric, 6)) > 100
       OR coalesce((parsed ->> 'connected_calls_cap')::numeric, 24) NOT BETWEEN 0 AND 1000
       OR abs(coalesce((parsed ->> 'recent_contact')::numeric, 10)) > 100 THEN
        PERFORM sync.refuse('score_weights', 'A call, contact or decay weight is out of bounds.');
    END IF;
    IF NOT (0 <= coalesce((parsed ->> 'warm_from')::numeric, 40)
            AND coalesce((parsed ->> 'warm_from')::numeric, 40)
                <= coalesce((parsed ->> 'hot_from')::numeric, 70)
            AND coalesce((parsed ->> 'hot_from')::numeric, 70)
                <= coalesce((parsed ->> 'maximum')::numeric, 100)
            AND coalesce((parsed ->> 'maximum')::numeric, 100) <= 1000) THEN
        PERFORM sync.refuse('score_weights',
                            'The thresholds must be 0 ≤ warm ≤ hot ≤ maximum ≤ 1000.');
    END IF;
END
$$;

-- The business rules so far, plus the weights' shape; a change of weights is audited.
ALTER FUNCTION sync.check_rules(text, text, text, jsonb, jsonb, text[])
    RENAME TO check_rules_before_weights;
CREATE FUNCTION sync.check_rules(target text, caller_role text, me text, cur jsonb, new jsonb,
                                 changed text[]) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    audits jsonb;
BEGIN
    audits := sync.check_rules_before_weights(target, caller_role, me, cur, new, changed);
    IF target = 'score_weights' THEN
        IF (new ->> 'deleted')::integer IS DISTINCT FROM 1 THEN
            PERFORM sync.check_score_weights(new);
        END IF;
        audits := audits || jsonb_build_object('action', 'policy', 'detail',
            jsonb_build_object('key', 'score_weights', 'changed', to_jsonb(changed)));
    END IF;
    RETURN audits;
END
$$;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA sync FROM PUBLIC;
