-- The database role the web app, the action server and the Matrix bot connect as: it reads and
-- writes rows and owns nothing, so a process taken over (the web app decodes customers' audio)
-- cannot drop, alter or create a table. The schema's owner (assistant-stores) is kept for the
-- migration Job and for Rasa, which creates its tracker table on its first start.
--
-- Run once, connected as the owner, after the first `assistant init` (the migration Job):
--   psql "$OWNER_URL" -f deploy/postgres/app-role.sql
--   psql "$OWNER_URL" -c "\password bank_app"
-- then put postgresql+psycopg2://bank_app:<password>@<host>/<db> in assistant-database-app.
-- tests/deploy/test_database_role.py runs this file on a real PostgreSQL and the web app on it.
CREATE ROLE bank_app LOGIN;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO bank_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO bank_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO bank_app;
-- Tables and sequences the owner makes later (new migrations, Rasa's events) are covered too.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO bank_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO bank_app;
