package cli

import (
	"context"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/zerenlab/zeren/cmd/internal/store"
)

func runAudit(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 || args[0] != "verify" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "help") {
			fmt.Fprintln(env.Stdout, "Usage: zeren audit verify [-db TARGET] [-lang zh|en]")
			return ExitOK
		}
		fmt.Fprintln(env.Stderr, "Usage: zeren audit verify [-db TARGET] [-lang zh|en]")
		return ExitUsage
	}
	const cmd = "zeren audit verify"
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	l := langFlag(fs, env)
	target := fs.String("db", env.Getenv("ZEREN_DB"), "the zerend database: an SQLite file path or a postgres:// URL (env ZEREN_DB)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: zeren audit verify [-db TARGET] [-lang zh|en]\n\nWalks the whole audit log (审计日志) in one snapshot, recomputing every hash,\nand checks the current records against it. Prints the number of entries and\nthe head's sequence number and hash — record them outside the database.\nExit 1, naming the sequence number, when the chain is broken.\n\nFlags:")
		fs.PrintDefaults()
	}
	lg, code, ok := parse(fs, l, args[1:], env)
	if !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "%s: unexpected arguments %q\n", cmd, fs.Args())
		return ExitUsage
	}
	if *target == "" {
		fmt.Fprintf(env.Stderr, "%s: %s\n", cmd, lg.t("请用 -db 指定数据库（或设置 ZEREN_DB）", "give the database with -db (or ZEREN_DB)"))
		return ExitUsage
	}
	if !strings.HasPrefix(*target, "postgres://") && !strings.HasPrefix(*target, "postgresql://") {
		// Opening creates a missing SQLite file: a typo would verify an empty log.
		if _, err := os.Stat(strings.TrimPrefix(*target, "sqlite:")); err != nil {
			fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
			return ExitUsage
		}
	}
	db, err := store.Open(ctx, *target)
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
		return ExitUsage
	}
	defer db.Close()
	rep, err := db.VerifyAudit(ctx)
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
		return ExitUsage
	}
	w := env.Stdout
	fmt.Fprintf(w, "%s %d\n", lg.t("条目：", "entries:  "), rep.Entries)
	fmt.Fprintf(w, "%s %d\n", lg.t("末条序号：", "head seq: "), rep.HeadSeq)
	fmt.Fprintf(w, "%s %s\n", lg.t("末条哈希：", "head hash:"), hex.EncodeToString(rep.HeadHash))
	fmt.Fprintf(w, "%s %d\n", lg.t("记录：", "records:  "), rep.Records)
	if b := rep.Broken; b != nil {
		what := ""
		if b.ID != "" {
			what = fmt.Sprintf(" (%s %q)", b.Kind, b.ID)
		}
		fmt.Fprintf(w, lg.t("审计日志在第 %d 条处断裂%s：%s\n", "BROKEN: the audit log breaks at entry %d%s: %s\n"), b.Seq, what, b.Reason)
		return ExitProblems
	}
	fmt.Fprintln(w, lg.t("审计日志完整，校验通过", "OK: the audit log verifies"))
	return ExitOK
}
