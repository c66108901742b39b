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
    /// The first shape (migration RegistryIndex; <see cref="SqliteUp"/> replaced it). RegistryEntries holds the listed columns of every certificate with a stable INTEGER PRIMARY KEY (the FTS5 rowid; the
    /// implicit rowid of Certificates may change on VACUUM and its key is a Guid). Rows are small, so the three covering
    /// indexes in the registry's order (all, by program, by country) serve a page without touching the certificates' blobs.
    /// RegistryFts indexes serial and names as words without case or accents, with prefix indexes for 2 and 3 characters.
    /// </summary>
    public const string SqliteUpV1 = """
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

    /// <summary>The triggers of the first shape (migration RegistryIndex).</summary>
    public const string SqliteCertificateTriggersV1 = """
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

    /// <summary>
    /// The current shape (migration RegistryOrder): as <see cref="SqliteUpV1"/>, but the integer key of RegistryEntries,
    /// which is also the FTS5 rowid, follows the registry's order (holder, product, serial). FTS5 lists a word's matches
    /// in rowid order, so a search reads its page straight off the index and stops after it, however common the word;
    /// the key is never shown or linked. Existing entries get evenly spaced keys; every later entry a key between its
    /// neighbours (<see cref="InsertEntry"/>).
    /// </summary>
    public static readonly string SqliteUp = $"""
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

        CREATE TABLE "RegistryPlace" ("Previous" INTEGER NOT NULL, "Next" INTEGER NOT NULL, "Low" INTEGER, "High" INTEGER);

        INSERT INTO "RegistryEntries" ("Key", "CertificateId", "Serial", "HolderName", "ProductName", "ProgramId", "HolderCountry", "Status", "ValidUntil")
        SELECT ROW_NUMBER() OVER (ORDER BY "HolderName", "ProductName", "Serial") * ({KeyLimit} / ((SELECT COUNT(*) FROM "Certificates") + 1)),
            "Id", "Serial", "HolderName", "ProductName", "ProgramId", "HolderCountry", "Status", "ValidUntil"
        FROM "Certificates";

        CREATE INDEX "IX_RegistryEntries_Order" ON "RegistryEntries" ("HolderName", "ProductName", "Serial", "Status", "ValidUntil", "ProgramId", "HolderCountry");
        CREATE INDEX "IX_RegistryEntries_Program" ON "RegistryEntries" ("ProgramId", "HolderName", "ProductName", "Serial", "Status", "ValidUntil", "HolderCountry");
        CREATE INDEX "IX_RegistryEntries_Country" ON "RegistryEntries" ("HolderCountry", "HolderName", "ProductName", "Serial", "Status", "ValidUntil", "ProgramId");

        CREATE VIRTUAL TABLE "RegistryFts" USING fts5(
            "Serial", "HolderName", "ProductName",
            content='RegistryEntries', content_rowid='Key',
            tokenize='unicode61 remove_diacritics 2', prefix='2 3'
        );
        INSERT INTO "RegistryFts" ("RegistryFts") VALUES ('rebuild');

        CREATE TRIGGER "RegistryEntries_FtsInsert" AFTER INSERT ON "RegistryEntries" BEGIN
            INSERT INTO "RegistryFts" (rowid, "Serial", "HolderName", "ProductName") VALUES (new."Key", new."Serial", new."HolderName", new."ProductName");
        END;

        CREATE TRIGGER "RegistryEntries_FtsDelete" AFTER DELETE ON "RegistryEntries" BEGIN
            INSERT INTO "RegistryFts" ("RegistryFts", rowid, "Serial", "HolderName", "ProductName") VALUES ('delete', old."Key", old."Serial", old."HolderName", old."ProductName");
        END;

        CREATE TRIGGER "RegistryEntries_FtsUpdate" AFTER UPDATE OF "Key", "Serial", "HolderName", "ProductName" ON "RegistryEntries" BEGIN
            INSERT INTO "RegistryFts" ("RegistryFts", rowid, "Serial", "HolderName", "ProductName") VALUES ('delete', old."Key", old."Serial", old."HolderName", old."ProductName");
            INSERT INTO "RegistryFts" (rowid, "Serial", "HolderName", "ProductName") VALUES (new."Key", new."Serial", new."HolderName", new."ProductName");
        END;
        """;

    /// <summary>
    /// Keeps RegistryEntries (and through it RegistryFts) in step with every insert, change and delete of a certificate.
    /// A renamed certificate moves in the order, so it is taken out and put in again with a new key.
    /// </summary>
    public static readonly string SqliteCertificateTriggers = $"""
        CREATE TRIGGER "Certificates_RegistryInsert" AFTER INSERT ON "Certificates" BEGIN
        {InsertEntry}
        END;

        CREATE TRIGGER "Certificates_RegistryNames" AFTER UPDATE OF "Serial", "HolderName", "ProductName" ON "Certificates" BEGIN
            DELETE FROM "RegistryEntries" WHERE "CertificateId" = old."Id";
        {InsertEntry}
        END;

        CREATE TRIGGER "Certificates_RegistryState" AFTER UPDATE OF "ProgramId", "HolderCountry", "Status", "ValidUntil" ON "Certificates" BEGIN
            UPDATE "RegistryEntries" SET "ProgramId" = new."ProgramId", "HolderCountry" = new."HolderCountry", "Status" = new."Status", "ValidUntil" = new."ValidUntil" WHERE "CertificateId" = old."Id";
        END;

        CREATE TRIGGER "Certificates_RegistryDelete" AFTER DELETE ON "Certificates" BEGIN
            DELETE FROM "RegistryEntries" WHERE "CertificateId" = old."Id";
        END;
        """;

    /// <summary>Keys lie between 0 and 2^62 (both ends free), so no arithmetic on them can leave SQLite's 64-bit integers.</summary>
    private const string KeyLimit = "4611686018427387904";

    /// <summary>
    /// Window sizes (entries on each side of the new entry's place) tried in turn when no key is left between its
    /// neighbours; a window is used when spreading its entries evenly leaves 2^20 between keys, else the whole registry is.
    /// </summary>
    private static int[] WindowSizes => [32, 1024, 32768];

    /// <summary>The key of the entry just before (<paramref name="comparison"/> "&lt;") or after ("&gt;") the new certificate's place.</summary>
    private static string Neighbour(string comparison)
    {
        var direction = comparison == "<" ? "DESC" : "ASC";
        return $"""(SELECT "Key" FROM "RegistryEntries" WHERE ("HolderName", "ProductName", "Serial") {comparison} (new."HolderName", new."ProductName", new."Serial") ORDER BY "HolderName" {direction}, "ProductName" {direction}, "Serial" {direction} LIMIT 1)""";
    }

    private static string Low(int size) =>
        $"""coalesce((SELECT e."Key" FROM "RegistryEntries" AS e WHERE e."Key" <= "RegistryPlace"."Previous" ORDER BY e."Key" DESC LIMIT 1 OFFSET {size}), 0)""";

    private static string High(int size) =>
        $"""coalesce((SELECT e."Key" FROM "RegistryEntries" AS e WHERE e."Key" >= "RegistryPlace"."Next" ORDER BY e."Key" LIMIT 1 OFFSET {size}), {KeyLimit})""";

    /// <summary>
    /// Puts the certificate <c>new</c> into RegistryEntries with the key halfway between its neighbours' keys (0 and 2^62
    /// stand in for missing neighbours). Keys start far apart, so there is nearly always room; when there is none, the
    /// entries of the smallest window around the place that has enough room (<see cref="WindowSizes"/>) get evenly spaced
    /// keys first, in a range their neighbours outside the window leave free, so the order stays as it was (through
    /// negative keys, as SQLite checks a key's uniqueness row by row). RegistryPlace holds the step's numbers meanwhile.
    /// </summary>
    private static string InsertEntry
    {
        get
        {
            var windows = string.Join("\n", WindowSizes.Select(size => $"""
                    UPDATE "RegistryPlace" SET "Low" = {Low(size)}, "High" = {High(size)}
                    WHERE CASE WHEN "Low" IS NULL AND "Next" - "Previous" < 2 THEN {High(size)} - {Low(size)} >= {(2L * size + 2) << 20} ELSE 0 END;
                """));
            return $"""
                    DELETE FROM "RegistryPlace";
                    INSERT INTO "RegistryPlace" ("Previous", "Next") VALUES (coalesce({Neighbour("<")}, 0), coalesce({Neighbour(">")}, {KeyLimit}));
                {windows}
                    UPDATE "RegistryPlace" SET "Low" = 0, "High" = {KeyLimit} WHERE "Low" IS NULL AND "Next" - "Previous" < 2;
                    UPDATE "RegistryEntries" SET "Key" = -w."NewKey" FROM (
                        SELECT e."Key" AS "OldKey", p."Low" + ROW_NUMBER() OVER (ORDER BY e."Key") * ((p."High" - p."Low") / (COUNT(*) OVER () + 1)) AS "NewKey"
                        FROM "RegistryPlace" AS p CROSS JOIN "RegistryEntries" AS e
                        WHERE p."Low" IS NOT NULL AND e."Key" > p."Low" AND e."Key" < p."High") AS w
                    WHERE "RegistryEntries"."Key" = w."OldKey";
                    UPDATE "RegistryEntries" SET "Key" = -"Key" WHERE "Key" < 0;
                    DELETE FROM "RegistryPlace";
                    INSERT INTO "RegistryEntries" ("Key", "CertificateId", "Serial", "HolderName", "ProductName", "ProgramId", "HolderCountry", "Status", "ValidUntil")
                    VALUES (
                        coalesce({Neighbour("<")}, 0) + (coalesce({Neighbour(">")}, {KeyLimit}) - coalesce({Neighbour("<")}, 0)) / 2,
                        new."Id", new."Serial", new."HolderName", new."ProductName", new."ProgramId", new."HolderCountry", new."Status", new."ValidUntil");
                """;
        }
    }

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS "Certificates_RegistryInsert";
        DROP TRIGGER IF EXISTS "Certificates_RegistryNames";
        DROP TRIGGER IF EXISTS "Certificates_RegistryState";
        DROP TRIGGER IF EXISTS "Certificates_RegistryDelete";
        DROP TABLE IF EXISTS "RegistryFts";
        DROP TABLE IF EXISTS "RegistryEntries";
        DROP TABLE IF EXISTS "RegistryPlace";
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
