CREATE INDEX singers_by_name ON singers (last_name, first_name);

CREATE UNIQUE INDEX singers_unique_name ON singers (first_name, last_name) INCLUDE (singer_info);

CREATE INDEX IF NOT EXISTS albums_by_title ON albums (album_title DESC) INTERLEAVE IN singers;

CREATE INDEX nulls_first ON songs (song_name NULLS FIRST, duration DESC NULLS LAST);

CREATE INDEX nulls_explicit ON songs (song_name ASC NULLS LAST, duration DESC NULLS FIRST);

CREATE INDEX filtered ON songs (song_name) WHERE song_name IS NOT NULL;

CREATE INDEX filtered_two ON songs (song_name, duration) WHERE (song_name IS NOT NULL AND duration IS NOT NULL);

CREATE INDEX using_btree ON songs USING btree (duration);

CREATE INDEX "MixedIndex" ON "MixedCase" ("Name");

CREATE INDEX tenants_by_id ON sch.tenants (id);

ALTER INDEX singers_by_name ADD INCLUDE COLUMN singer_info;

ALTER INDEX singers_by_name DROP INCLUDE COLUMN singer_info;

DROP INDEX singers_by_name;

DROP INDEX IF EXISTS albums_by_title;

CREATE SEARCH INDEX body_index ON hidden_cols(tokens);

CREATE SEARCH INDEX body_index_full ON hidden_cols(tokens) INCLUDE (body) PARTITION BY id ORDER BY id DESC WITH (sort_order_sharding = true);

DROP SEARCH INDEX body_index;
