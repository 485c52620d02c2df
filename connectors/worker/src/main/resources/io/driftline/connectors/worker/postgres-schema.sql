-- Driftline's tables in PostgreSQL, filled by Debezium's JDBC sink through the worker that `driftline connect`
-- runs. Applied (idempotently) before the sinks start; the sinks upsert by each table's primary key, so a record
-- delivered twice (Connect is at-least-once) leaves one row. Columns are the records' fields in snake_case
-- (FlattenToColumns); nested fields are jsonb. New optional fields of a later schema become new columns by
-- themselves (the sinks run with schema.evolution=basic).

-- One row per drift report: one model version, one closed window.
CREATE TABLE IF NOT EXISTS drift_reports (
  model             text        NOT NULL,
  model_version     text        NOT NULL,
  window_start      timestamptz NOT NULL,
  window_end        timestamptz NOT NULL,
  count             bigint      NOT NULL,
  features          jsonb       NOT NULL,
  prediction        jsonb,
  performance       jsonb,
  labelled          bigint,
  correction        text,
  sufficient_sample boolean,
  drifted           boolean     NOT NULL,
  created_at        timestamptz NOT NULL,
  shadow            boolean     NOT NULL,
  predicted_labels  jsonb,
  partitions        integer,
  input_partitions  integer,
  comparison        jsonb,
  PRIMARY KEY (model, model_version, window_start, shadow)
);

-- One row per feature (and the prediction score) and window, kept in step with drift_reports by the trigger below:
-- a JDBC sink writes one row per record, and a report holds one entry per feature.
CREATE TABLE IF NOT EXISTS drift_report_features (
  model         text        NOT NULL,
  model_version text        NOT NULL,
  window_start  timestamptz NOT NULL,
  window_end    timestamptz NOT NULL,
  shadow        boolean     NOT NULL,
  feature       text        NOT NULL,
  count         bigint,
  missing_rate  double precision,
  drifted       boolean     NOT NULL,
  mean          double precision,
  stddev        double precision,
  metrics       jsonb       NOT NULL,
  PRIMARY KEY (model, model_version, window_start, shadow, feature),
  FOREIGN KEY (model, model_version, window_start, shadow) REFERENCES drift_reports ON DELETE CASCADE
);

CREATE OR REPLACE FUNCTION driftline_report_features() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM drift_report_features f
   WHERE f.model = NEW.model AND f.model_version = NEW.model_version AND f.window_start = NEW.window_start
     AND f.shadow = NEW.shadow;
  INSERT INTO drift_report_features
  SELECT NEW.model, NEW.model_version, NEW.window_start, NEW.window_end, NEW.shadow, f ->> 'feature',
         (f ->> 'count')::bigint, (f ->> 'missingRate')::double precision, (f ->> 'drifted')::boolean,
         (f ->> 'mean')::double precision, (f ->> 'stddev')::double precision, f -> 'metrics'
    FROM jsonb_array_elements(NEW.features || CASE WHEN NEW.prediction IS NULL OR jsonb_typeof(NEW.prediction) = 'null'
                                                   THEN '[]'::jsonb ELSE jsonb_build_array(NEW.prediction) END) AS f;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS drift_report_features_sync ON drift_reports;
CREATE TRIGGER drift_report_features_sync AFTER INSERT OR UPDATE ON drift_reports
  FOR EACH ROW EXECUTE FUNCTION driftline_report_features();

-- One row per feature, window and drift test.
CREATE OR REPLACE VIEW drift_feature_metrics AS
SELECT f.model, f.model_version, f.window_start, f.window_end, f.shadow, f.feature,
       m ->> 'metric' AS metric, (m ->> 'value')::double precision AS value,
       (m ->> 'pValue')::double precision AS p_value, (m ->> 'threshold')::double precision AS threshold,
       m ->> 'severity' AS severity, (m ->> 'drifted')::boolean AS drifted
  FROM drift_report_features f, jsonb_array_elements(f.metrics) AS m;

-- An alert's current state (the alerts topic is compacted: OPEN, perhaps escalated, then RESOLVED), by alert id.
CREATE TABLE IF NOT EXISTS alerts (
  alert_id      text PRIMARY KEY,
  model         text        NOT NULL,
  model_version text,
  type          text        NOT NULL,
  severity      text        NOT NULL,
  status        text        NOT NULL,
  subject       text        NOT NULL,
  metric        text,
  value         double precision,
  threshold     double precision,
  window_start  timestamptz,
  window_end    timestamptz,
  message       text        NOT NULL,
  top_features  jsonb,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz
);

CREATE TABLE IF NOT EXISTS retrain_requests (
  request_id        text PRIMARY KEY,
  model             text        NOT NULL,
  model_version     text        NOT NULL,
  reasons           jsonb       NOT NULL,
  drifted_features  jsonb       NOT NULL,
  data_window_start timestamptz NOT NULL,
  data_window_end   timestamptz NOT NULL,
  created_at        timestamptz NOT NULL
);

-- The model audit trail (append-only on the topic; keyed here by its entry id, so a redelivery writes nothing new):
-- who published which bundle, when, and what Driftline decided and why.
CREATE TABLE IF NOT EXISTS model_audit (
  event_id          text PRIMARY KEY,
  model             text        NOT NULL,
  version           text,
  type              text        NOT NULL,
  requested_action  text,
  actor             text,
  published_at      timestamptz,
  decided_at        timestamptz NOT NULL,
  previous_version  text,
  sha256            text,
  signing_key_id    text,
  description       text,
  training_rows     bigint,
  training_data_start timestamptz,
  training_data_end   timestamptz,
  reference_metrics jsonb,
  verdict           text        NOT NULL,
  reason            text,
  message           text        NOT NULL,
  instance          text        NOT NULL,
  evidence          jsonb,
  duration_ms       bigint
);
