package cli

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/zerenlab/zeren/cmd/internal/store"
)

const auditUsageZh = `用法：zeren audit verify [-db 数据库] [-audit-key-file 密钥文件] [-expect-head 条数:哈希|检查点文件] [-lang zh|en]

只读地打开 zerend 的数据库，在一个快照中逐条重算审计日志的哈希链
（有审计密钥时为 HMAC-SHA256），与检查点核对，核对当前记录，并检查保护日志只增
不改的触发器。不是 Zeren 数据库的文件被拒绝，且原样保留。

  -db               数据库：SQLite 文件路径或 postgres:// URL（环境变量 ZEREN_DB）
  -audit-key-file   审计密钥文件（环境变量 ZEREN_AUDIT_KEY_FILE，或用 ZEREN_AUDIT_KEY 直接给出密钥）
  -expect-head      检查点：zerend 写下的检查点文件（或其 JSON 日志），或手抄的“条数:哈希”
  -lang             消息语言：zh 或 en（环境变量 ZEREN_LANG）

示例：
  zeren audit verify -db /var/lib/zeren/zeren.db -audit-key-file /etc/zeren/audit.key \
      -expect-head /var/log/zeren/checkpoints.jsonl
  zeren audit verify -db 'postgres://zeren@db/zeren' -expect-head 1234:9f86d081…（64 位十六进制）
  ZEREN_AUDIT_KEY_FILE=/etc/zeren/audit.key zeren audit verify -db zeren.db -lang en

退出码：0 校验通过；1 日志断裂（指出条目序号）；2 用法错误、无法读取、不是 Zeren 数据库或缺少密钥。
`

const auditUsageEn = `Usage: zeren audit verify [-db TARGET] [-audit-key-file FILE] [-expect-head COUNT:HASH|CHECKPOINT-FILE] [-lang zh|en]

Opens a zerend database read-only and, in one snapshot, recomputes the hash
chain of the audit log (审计日志) entry by entry (HMAC-SHA256 under the audit
key when the log is keyed), compares it with checkpoints, checks the current
records against it and checks the triggers that keep it append-only. A file
that is not a Zeren database is refused and left as it was.

  -db               the database: an SQLite file path or a postgres:// URL (env ZEREN_DB)
  -audit-key-file   the audit key file (env ZEREN_AUDIT_KEY_FILE, or the key itself in ZEREN_AUDIT_KEY)
  -expect-head      a checkpoint: the checkpoint file zerend appends to (or its JSON log), or COUNT:HASH copied by hand
  -lang             language of messages: zh or en (env ZEREN_LANG)

Examples:
  zeren audit verify -db /var/lib/zeren/zeren.db -audit-key-file /etc/zeren/audit.key \
      -expect-head /var/log/zeren/checkpoints.jsonl
  zeren audit verify -db 'postgres://zeren@db/zeren' -expect-head 1234:9f86d081… (64 hex digits)
  ZEREN_AUDIT_KEY_FILE=/etc/zeren/audit.key zeren audit verify -db zeren.db -lang en

Exit codes: 0 verified; 1 the log is broken (the entry is named); 2 usage error,
unreadable input, not a Zeren database, or a missing key.
`

func auditUsage(w io.Writer, l lang) {
	fmt.Fprint(w, l.t(auditUsageZh, auditUsageEn))
}

var auditCommand = &command{name: "zeren audit verify", textZh: auditUsageZh, text: auditUsageEn}

func runAudit(ctx context.Context, args []string, env Env) int {
	lg0 := argLang(args, env)
	verify := -1
	for i, a := range args {
		if a == "--" {
			break
		}
		if a == "verify" {
			verify = i
			break
		}
	}
	if verify < 0 {
		for _, a := range args {
			if isHelp(a) || a == "help" {
				auditUsage(env.Stdout, lg0)
				return ExitOK
			}
		}
		for i := 0; i < len(args); i++ {
			if args[i] == "-lang" || args[i] == "--lang" {
				i++
				continue
			}
			if !strings.HasPrefix(args[i], "-") {
				fmt.Fprintf(env.Stderr, lg0.t("zeren audit：未知子命令 %q\n\n", "zeren audit: unknown subcommand %q\n\n"), args[i])
				break
			}
		}
		auditUsage(env.Stderr, lg0)
		return ExitUsage
	}
	rest := append(append([]string{}, args[:verify]...), args[verify+1:]...)
	const cmd = "zeren audit verify"
	fs, l := newFlags(auditCommand, rest, env)
	target := fs.String("db", env.Getenv("ZEREN_DB"), "")
	keyFile := fs.String("audit-key-file", env.Getenv("ZEREN_AUDIT_KEY_FILE"), "")
	expect := fs.String("expect-head", "", "")
	lg, code, ok := parse(auditCommand, fs, l, rest, env)
	if !ok {
		return code
	}
	fail := func(zh, en string) int {
		fmt.Fprintf(env.Stderr, "%s%s%s\n", cmd, lg.t("：", ": "), lg.t(zh, en))
		return ExitUsage
	}
	if fs.NArg() > 0 {
		return fail(fmt.Sprintf("多余的参数 %q", fs.Args()), fmt.Sprintf("unexpected arguments %q", fs.Args()))
	}
	if *target == "" {
		return fail("请用 -db 指定数据库（或设置 ZEREN_DB）", "give the database with -db (or ZEREN_DB)")
	}

	opts := []store.Option{store.WithReadOnly()}
	key, err := auditKey(*keyFile, env)
	if err != nil {
		var ke *store.KeyError
		if errors.As(err, &ke) {
			return fail(ke.Zh, ke.En)
		}
		return fail(localize("zh", err), err.Error())
	}
	if key != nil {
		opts = append(opts, store.WithAuditKey(key))
	}
	var cps []store.Checkpoint
	if *expect != "" {
		if cps, err = readExpect(*expect); err != nil {
			var ce *store.CheckpointError
			if errors.As(err, &ce) {
				where := ""
				if ce.Line > 0 {
					where = fmt.Sprintf("第 %d 行：", ce.Line)
				}
				return fail("-expect-head "+*expect+"："+where+ce.Zh, "-expect-head "+*expect+": "+err.Error())
			}
			return fail("-expect-head："+localize("zh", err), "-expect-head: "+err.Error())
		}
	}

	db, err := store.Open(ctx, *target, opts...)
	if err != nil {
		var nz *store.NotZerenError
		switch {
		case errors.As(err, &nz):
			return fail(fmt.Sprintf("%s 不是 Zeren 数据库：%s；已只读打开，文件未被改动", nz.Target, nz.Zh), err.Error())
		case errors.Is(err, os.ErrNotExist):
			return fail(fmt.Sprintf("数据库文件 %s 不存在", *target), err.Error())
		}
		return fail("无法打开数据库："+localize("zh", err), err.Error())
	}
	defer db.Close()
	rep, err := db.VerifyAudit(ctx, cps...)
	if err != nil {
		var ke *store.KeyError
		if errors.As(err, &ke) {
			return fail(ke.Zh, ke.En)
		}
		return fail("无法读取审计日志："+localize("zh", err), err.Error())
	}
	printReport(env.Stdout, lg, rep, key, len(cps) > 0)
	if rep.Broken != nil {
		return ExitProblems
	}
	return ExitOK
}

// auditKey reads the key from -audit-key-file (or $ZEREN_AUDIT_KEY_FILE) or
// from $ZEREN_AUDIT_KEY; nil when none is given.
func auditKey(file string, env Env) (*store.AuditKey, error) {
	inline := env.Getenv("ZEREN_AUDIT_KEY")
	switch {
	case file != "" && inline != "":
		return nil, &store.KeyError{
			Zh: "同时给出了审计密钥文件和 ZEREN_AUDIT_KEY：只能给一个",
			En: "both an audit key file and ZEREN_AUDIT_KEY are given: give one",
		}
	case file != "":
		return store.ReadAuditKeyFile(file)
	case inline != "":
		return store.ParseAuditKey([]byte(inline))
	}
	return nil, nil
}

// readExpect reads -expect-head: a checkpoint file when one exists at that
// path, else COUNT:HASH.
func readExpect(v string) ([]store.Checkpoint, error) {
	if data, err := os.ReadFile(v); err == nil {
		return store.ReadCheckpoints(data)
	} else if !errors.Is(err, os.ErrNotExist) || !strings.Contains(v, ":") {
		return nil, err
	}
	c, err := store.ParseCheckpoint(v)
	if err != nil {
		return nil, err
	}
	return []store.Checkpoint{c}, nil
}

func printReport(w io.Writer, lg lang, rep store.VerifyReport, key *store.AuditKey, anchored bool) {
	fmt.Fprintf(w, "%s %d\n", lg.t("条目：", "entries:  "), rep.Entries)
	fmt.Fprintf(w, "%s %d\n", lg.t("末条序号：", "head seq: "), rep.HeadSeq)
	fmt.Fprintf(w, "%s %s\n", lg.t("末条哈希：", "head hash:"), hex.EncodeToString(rep.HeadHash))
	fmt.Fprintf(w, "%s %d\n", lg.t("记录：", "records:  "), rep.Records)
	switch {
	case rep.KeyID != "" && rep.Unkeyed > 0:
		fmt.Fprintf(w, lg.t("密钥： %s（自第 %d 条起；第 1–%d 条写于启用密钥之前）\n", "key:       %s (from entry %d on; entries 1–%d predate the key)\n"), rep.KeyID, rep.Unkeyed+1, rep.Unkeyed)
	case rep.KeyID != "":
		fmt.Fprintf(w, lg.t("密钥： %s（全部条目）\n", "key:       %s (every entry)\n"), rep.KeyID)
	case key == nil:
		fmt.Fprintln(w, lg.t("密钥： 无——日志未用密钥链接，能写数据库的人可以一致地改写它", "key:       none: the log is not keyed, and whoever can write the database can rewrite it consistently"))
	}
	if anchored {
		fmt.Fprintf(w, lg.t("检查点： 已核对 %d 个\n", "checkpoints: %d checked\n"), rep.Checkpoints)
	}
	if b := rep.Broken; b != nil {
		fmt.Fprintln(w, lg.t(breakZh(b), breakEn(b)))
		return
	}
	if !anchored {
		fmt.Fprintln(w, lg.t("注意：未给出检查点（-expect-head），回滚或清空无法发现", "note: no checkpoint given (-expect-head): a rollback or a wipe cannot be found"))
	}
	fmt.Fprintf(w, lg.t("检查点（条数:哈希）： %d:%s\n", "checkpoint (count:hash): %d:%s\n"), rep.HeadSeq, hex.EncodeToString(headHash(rep)))
	fmt.Fprintln(w, lg.t("审计日志完整，校验通过", "OK: the audit log verifies"))
}

func headHash(rep store.VerifyReport) []byte {
	if rep.HeadSeq == 0 {
		return make([]byte, 32)
	}
	return rep.HeadHash
}

func breakZh(b *store.Break) string {
	what := ""
	if b.ID != "" {
		what = fmt.Sprintf("（%s %q）", b.Kind, b.ID)
	}
	if b.Seq == 0 {
		return fmt.Sprintf("审计日志未通过校验%s：%s", what, b.ReasonZh)
	}
	return fmt.Sprintf("审计日志在第 %d 条处断裂%s：%s", b.Seq, what, b.ReasonZh)
}

func breakEn(b *store.Break) string {
	what := ""
	if b.ID != "" {
		what = fmt.Sprintf(" (%s %q)", b.Kind, b.ID)
	}
	if b.Seq == 0 {
		return fmt.Sprintf("BROKEN: the audit log fails verification%s: %s", what, b.Reason)
	}
	return fmt.Sprintf("BROKEN: the audit log breaks at entry %d%s: %s", b.Seq, what, b.Reason)
}
