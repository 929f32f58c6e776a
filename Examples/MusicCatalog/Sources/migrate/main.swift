// The music catalog's migration tool: Ratchet's command line, with the schema declared in
// MusicCatalog.swift instead of schema.sql. `migrate revision --autogenerate -m ...` diffs it
// against the revisions; `migrate check` fails when they disagree.
import RatchetCLI

await RatchetCommand.main(schema: musicCatalog)
