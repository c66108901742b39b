namespace SealService.Data;

/// <summary>
/// The database objects behind the public registry's search that EF Core's model cannot express: on SQLite the
/// RegistryEntries read model, its FTS5 index and the triggers that keep both current; on PostgreSQL the full-text
/// functions and GIN index. Migrations call these (RegistryIndex); a later SQLite migration that rebuilds the
/// Certificates table loses the table's triggers and must run <see cref="SqliteCertificateTriggers"/> again.
/// </summary>
public static class RegistryIndexSql
{
    /// <summary>Trigger names, declared on the model too so EF Core knows the table has triggers.</summary>
    public static readonly string[] SqliteTriggerNames = ["Certificates_RegistryInsert", "Certificates_RegistryNames", "Certificates_RegistryState", "Certificates_RegistryDelete"];

    /// <summary>
    /// RegistryEntries holds the listed columns of every certificate with a stable INTEGER PRIMARY KEY (the FTS5 rowid; the
    /// implicit rowid of Certificates may change on VACUUM and its key is a Guid). Rows are small, so the three covering
    /// indexes in the registry's order (all, by program, by country) serve a page without touching the certificates' blobs.
    /// RegistryFts indexes serial and names as words without case or accents, with prefix indexes for 2 and 3 characters.
    /// </summary>
    public const string SqliteUp = """
        CREATE TABLE "RegistryEntries" (
            "Key" INTEGER PRIMARY KEY,
            "CertificateId" TEXT NOT NULL UNIQUE,
            "Serial" TEXT NOT NULL,
            "HolderName" TEXT NOT NULL,
            "ProductName" TEXT NOT NULL,
            "ProgramId" TEXT NOT NULL,
            "HolderCountry" TEXT NOT NULL,
            "Status" TEXT NOT NULL,
            "ValidUntil" INTEGER NOT NULL
        );

        CREATE VIRTUAL TABLE "RegistryFts" USING fts5(
            "Serial", "HolderName", "ProductName",
            content='RegistryEntries', content_rowid='Key',
            tokenize='unicode61 remove_diacritics 2', prefix='2 3'
        );

        CREATE TRIGGER "RegistryEntries_FtsInsert" AFTER INSERT ON "RegistryEntries" BEGIN
            INSERT INTO "RegistryFts" (rowid, "Serial", "HolderName", "ProductName") VALUES (new."Key", new."Serial", new."HolderName", new."ProductName");
        END;

        CREATE TRIGGER "RegistryEntries_FtsDelete" AFTER DELETE ON "RegistryEntries" BEGIN
            INSERT INTO "RegistryFts" ("RegistryFts", rowid, "Serial", "HolderName", "ProductName") VALUES ('delete', old."Key", old."Serial", old."HolderName", old."ProductName");
        END;

        CREATE TRIGGER "RegistryEntries_FtsUpdate" AFTER UPDATE OF "Serial", "HolderName", "ProductName" ON "RegistryEntries" BEGIN
            INSERT INTO "RegistryFts" ("RegistryFts", rowid, "Serial", "HolderName", "ProductName") VALUES ('delete', old."Key", old."Serial", old."HolderName", old."ProductName");
            INSERT INTO "RegistryFts" (rowid, "Serial", "HolderName", "ProductName") VALUES (new."Key", new."Serial", new."HolderName", new."ProductName");
        END;

        INSERT INTO "RegistryEntries" ("CertificateId", "Serial", "HolderName", "ProductName", "ProgramId", "HolderCountry", "Status", "ValidUntil")
        SELECT "Id", "Serial", "HolderName", "ProductName", "ProgramId", "HolderCountry", "Status", "ValidUntil" FROM "Certificates";

        CREATE INDEX "IX_RegistryEntries_Order" ON "RegistryEntries" ("HolderName", "ProductName", "Serial", "Status", "ValidUntil", "ProgramId", "HolderCountry");
        CREATE INDEX "IX_RegistryEntries_Program" ON "RegistryEntries" ("ProgramId", "HolderName", "ProductName", "Serial", "Status", "ValidUntil", "HolderCountry");
        CREATE INDEX "IX_RegistryEntries_Country" ON "RegistryEntries" ("HolderCountry", "HolderName", "ProductName", "Serial", "Status", "ValidUntil", "ProgramId");
        """;

    /// <summary>Keeps RegistryEntries (and through it RegistryFts) in step with every insert, change and delete of a certificate.</summary>
    public const string SqliteCertificateTriggers = """
        CREATE TRIGGER "Certificates_RegistryInsert" AFTER INSERT ON "Certificates" BEGIN
            INSERT INTO "RegistryEntries" ("CertificateId", "Serial", "HolderName", "ProductName", "ProgramId", "HolderCountry", "Status", "ValidUntil")
            VALUES (new."Id", new."Serial", new."HolderName", new."ProductName", new."ProgramId", new."HolderCountry", new."Status", new."ValidUntil");
        END;

        CREATE TRIGGER "Certificates_RegistryNames" AFTER UPDATE OF "Serial", "HolderName", "ProductName" ON "Certificates" BEGIN
            UPDATE "RegistryEntries" SET "Serial" = new."Serial", "HolderName" = new."HolderName", "ProductName" = new."ProductName" WHERE "CertificateId" = old."Id";
        END;

        CREATE TRIGGER "Certificates_RegistryState" AFTER UPDATE OF "ProgramId", "HolderCountry", "Status", "ValidUntil" ON "Certificates" BEGIN
            UPDATE "RegistryEntries" SET "ProgramId" = new."ProgramId", "HolderCountry" = new."HolderCountry", "Status" = new."Status", "ValidUntil" = new."ValidUntil" WHERE "CertificateId" = old."Id";
        END;

        CREATE TRIGGER "Certificates_RegistryDelete" AFTER DELETE ON "Certificates" BEGIN
            DELETE FROM "RegistryEntries" WHERE "CertificateId" = old."Id";
        END;
        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS "Certificates_RegistryInsert";
        DROP TRIGGER IF EXISTS "Certificates_RegistryNames";
        DROP TRIGGER IF EXISTS "Certificates_RegistryState";
        DROP TRIGGER IF EXISTS "Certificates_RegistryDelete";
        DROP TABLE IF EXISTS "RegistryFts";
        DROP TABLE IF EXISTS "RegistryEntries";
        """;

    /// <summary>
    /// registry_fold: lower case without accents (unaccent, a trusted extension a database owner may create since
    /// PostgreSQL 13); registry_document: the words of serial, holder and product with punctuation as spaces, so the
    /// words match the terms RegistrySearch splits a query into. Both IMMUTABLE so the GIN index can use them.
    /// </summary>
    public const string PostgresUp = """
        CREATE EXTENSION IF NOT EXISTS unaccent;

        CREATE OR REPLACE FUNCTION registry_fold(value text) RETURNS text
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
            AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;

        CREATE OR REPLACE FUNCTION registry_document(serial text, holder text, product text) RETURNS tsvector
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $$ SELECT to_tsvector('simple'::regconfig, regexp_replace(registry_fold(coalesce(serial, '') || ' ' || coalesce(holder, '') || ' ' || coalesce(product, '')), '[[:punct:]]+', ' ', 'g')) $$;

        CREATE INDEX "IX_Certificates_RegistryDocument" ON "Certificates" USING gin (registry_document("Serial", "HolderName", "ProductName"));
        """;

    public const string PostgresDown = """
        DROP INDEX IF EXISTS "IX_Certificates_RegistryDocument";
        DROP FUNCTION IF EXISTS registry_document(text, text, text);
        DROP FUNCTION IF EXISTS registry_fold(text);
        """;
}
