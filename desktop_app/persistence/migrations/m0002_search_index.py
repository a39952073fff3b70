"""Schema version 2: the search index and live-only sort indexes, for a million accounts.

On SQLite the search index is FTS5; on PostgreSQL a GIN index over the words of each live
account's search text (as lexemes of a ``tsvector``), checked as phrases by ``LIKE``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from desktop_app.persistence.dialect import is_postgres

if TYPE_CHECKING:
    from peewee import Database

STATEMENTS: Final = (
    # contentless: the index keeps only words, keyed by the account's rowid; what it holds is
    # exactly the live accounts, so no check ever compares it with the table itself
    "CREATE VIRTUAL TABLE account_search USING fts5(search_text, content='',"
    " tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')",
    "CREATE TRIGGER tier_account_search_insert AFTER INSERT ON tier_account"
    " WHEN new.decommissioned_at IS NULL BEGIN"
    " INSERT INTO account_search (rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "CREATE TRIGGER tier_account_search_delete AFTER DELETE ON tier_account"
    " WHEN old.decommissioned_at IS NULL BEGIN"
    " INSERT INTO account_search (account_search, rowid, search_text)"
    " VALUES ('delete', old.rowid, old.search_text); END",
    "CREATE TRIGGER tier_account_search_update"
    " AFTER UPDATE OF search_text, decommissioned_at ON tier_account BEGIN"
    " INSERT INTO account_search (account_search, rowid, search_text)"
    " SELECT 'delete', old.rowid, old.search_text WHERE old.decommissioned_at IS NULL;"
    " INSERT INTO account_search (rowid, search_text)"
    " SELECT new.rowid, new.search_text WHERE new.decommissioned_at IS NULL; END",
    "INSERT INTO account_search (rowid, search_text)"
    " SELECT rowid, search_text FROM tier_account WHERE decommissioned_at IS NULL",
    # one index per sort column, ending with the id and holding live accounts only: a page at
    # any offset is read from the index alone (type and parent get one for the first time)
    'DROP INDEX "tier_account_name_id"',
    'DROP INDEX "tier_account_type_name"',
    'DROP INDEX "tier_account_external_id_id"',
    'DROP INDEX "tier_account_country_id"',
    'DROP INDEX "tier_account_city_id"',
    'DROP INDEX "tier_account_hub_id_id"',
    'DROP INDEX "tier_account_created_at_id"',
    'CREATE INDEX "tier_account_live_name" ON "tier_account" ("name", "id", "decommissioned_at") WHERE ("decommissioned_at" IS NULL)',
    'CREATE INDEX "tier_account_live_type" ON "tier_account" ("type", "id", "decommissioned_at") WHERE ("decommissioned_at" IS NULL)',
    'CREATE INDEX "tier_account_live_parent" ON "tier_account" ("parent_id", "id", "decommissioned_at") WHERE ("decommissioned_at" IS NULL)',
    'CREATE INDEX "tier_account_live_external_id" ON "tier_account" ("external_id", "id", "decommissioned_at") WHERE ("decommissioned_at" IS NULL)',
    'CREATE INDEX "tier_account_live_country" ON "tier_account" ("country", "id", "decommissioned_at") WHERE ("decommissioned_at" IS NULL)',
    'CREATE INDEX "tier_account_live_city" ON "tier_account" ("city", "id", "decommissioned_at") WHERE ("decommissioned_at" IS NULL)',
    'CREATE INDEX "tier_account_live_hub" ON "tier_account" ("hub_id", "id", "decommissioned_at") WHERE ("decommissioned_at" IS NULL)',
    'CREATE INDEX "tier_account_live_created_at" ON "tier_account" ("created_at", "id", "decommissioned_at") WHERE ("decommissioned_at" IS NULL)',
)

_LIVE = 'WHERE ("decommissioned_at" IS NULL)'
POSTGRES_STATEMENTS: Final = (
    # an account's search text (folded already) as its words one space apart, as the FTS5
    # tokenizer splits it: letters and digits, in the database's own (UTF-8) character classes
    "CREATE FUNCTION search_words(value text) RETURNS text LANGUAGE sql IMMUTABLE STRICT"
    " PARALLEL SAFE AS $$ SELECT ' ' || trim(regexp_replace(value COLLATE \"default\","
    " '[^[:alnum:]]+', ' ', 'g')) $$",
    # kept beside the text: a term's words match as a phrase at a word start, LIKE
    # '% w1 w2%' (the leading space makes the first word a word start too), checked over the
    # stored words (~1 µs a row; computing them again, a regular expression, ~17 µs)
    'ALTER TABLE "tier_account" ADD COLUMN "search_words" text'
    ' GENERATED ALWAYS AS (search_words("search_text")) STORED',
    # the words as lexemes, exactly (no text search parser, no stemming): a GIN index finds
    # the accounts holding every word of a search, the last as a prefix ('w1' & 'w2':*); a
    # word's own key is one posting list where a trigram index reads several common ones
    "CREATE FUNCTION search_vector(words text) RETURNS tsvector LANGUAGE sql IMMUTABLE"
    " STRICT PARALLEL SAFE AS $$ SELECT array_to_tsvector(string_to_array(trim(words), ' ')) $$",
    'CREATE INDEX "tier_account_live_words" ON "tier_account"'
    f' USING gin (search_vector("search_words")) {_LIVE}',
    *(s for s in STATEMENTS if s.startswith("DROP INDEX")),
    # a folded column's index carries the column itself: PostgreSQL reads a page from the
    # index alone (an index-only scan) only when it holds every column the query names
    'CREATE INDEX "tier_account_live_name" ON "tier_account"'
    f' (nocase("name"), "id") INCLUDE ("name") {_LIVE}',
    f'CREATE INDEX "tier_account_live_type" ON "tier_account" ("type", "id") {_LIVE}',
    f'CREATE INDEX "tier_account_live_parent" ON "tier_account" ("parent_id", "id") {_LIVE}',
    f'CREATE INDEX "tier_account_live_external_id" ON "tier_account" ("external_id", "id") {_LIVE}',
    f'CREATE INDEX "tier_account_live_country" ON "tier_account" ("country", "id") {_LIVE}',
    'CREATE INDEX "tier_account_live_city" ON "tier_account"'
    f' (nocase("city"), "id") INCLUDE ("city") {_LIVE}',
    f'CREATE INDEX "tier_account_live_hub" ON "tier_account" ("hub_id", "id") {_LIVE}',
    f'CREATE INDEX "tier_account_live_created_at" ON "tier_account" ("created_at", "id") {_LIVE}',
)


def apply(db: Database) -> None:
    """Create the index (and on SQLite its triggers), then index every account."""
    for statement in POSTGRES_STATEMENTS if is_postgres(db) else STATEMENTS:
        db.execute_sql(statement)
