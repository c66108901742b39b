using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SealService.Data.Migrations
{
    /// <inheritdoc />
    public partial class TransparencyLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TransparencyLog",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Index = table.Column<long>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Serial = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Entry = table.Column<byte[]>(type: "BLOB", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TransparencyLog", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TransparencyLog_Index",
                table: "TransparencyLog",
                column: "Index",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TransparencyLog_Serial",
                table: "TransparencyLog",
                column: "Serial");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TransparencyLog");
        }
    }
}
