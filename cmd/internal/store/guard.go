package store

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// The append-only triggers of the audit log, as migration 1 creates them,
// white space folded. SQLite keeps a trigger's CREATE statement as written;
// PostgreSQL gives its definition back with pg_get_triggerdef, possibly
// naming the schema.
var (
	sqliteGuards = map[string]string{
		"audit_no_update": "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
		"audit_no_delete": "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
	}
	postgresGuards = map[string]*regexp.Regexp{
		"audit_no_change":   regexp.MustCompile(`^CREATE TRIGGER audit_no_change BEFORE DELETE OR UPDATE ON (\S+\.)?audit FOR EACH ROW EXECUTE FUNCTION (\S+\.)?audit_append_only\(\)$`),
		"audit_no_truncate": regexp.MustCompile(`^CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON (\S+\.)?audit FOR EACH STATEMENT EXECUTE FUNCTION (\S+\.)?audit_append_only\(\)$`),
	}
	postgresGuardBody = "BEGIN RAISE EXCEPTION 'the audit log is append-only'; END"
)

func fold(s string) string { return strings.Join(strings.Fields(s), " ") }

// verifyGuards checks that the audit log's append-only triggers stand:
// present, enabled, and doing what the schema made them do. Someone who
// can drop them can rewrite the log; the chain, the key and checkpoints
// find what was rewritten, this finds the door left open.
func (s *DB) verifyGuards(ctx context.Context, tx querier) (*Break, error) {
	type trigger struct{ def, enabled, body string }
	found := map[string]trigger{}
	var q string
	if s.d.name == "postgres" {
		q = `SELECT t.tgname::text, pg_get_triggerdef(t.oid), t.tgenabled::text, p.prosrc
			FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
			WHERE t.tgrelid = 'audit'::regclass AND NOT t.tgisinternal`
	} else {
		q = `SELECT name, COALESCE(sql, ''), 'O', '' FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'`
	}
	rs, err := tx.query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	for rs.Next() {
		var name string
		var t trigger
		if err := rs.Scan(&name, &t.def, &t.enabled, &t.body); err != nil {
			return nil, err
		}
		found[name] = t
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	var names []string
	if s.d.name == "postgres" {
		names = []string{"audit_no_change", "audit_no_truncate"}
	} else {
		names = []string{"audit_no_update", "audit_no_delete"}
	}
	for _, name := range names {
		t, ok := found[name]
		var zh, en string
		switch {
		case !ok:
			zh, en = "保护日志只增不改的触发器 "+name+" 被删除", "the append-only trigger "+name+" was dropped"
		case t.enabled != "O" && t.enabled != "A":
			zh, en = "保护日志只增不改的触发器 "+name+" 被停用", "the append-only trigger "+name+" was disabled"
		case s.d.name == "postgres" && (!postgresGuards[name].MatchString(fold(t.def)) || fold(t.body) != postgresGuardBody),
			s.d.name != "postgres" && fold(t.def) != sqliteGuards[name]:
			zh, en = "保护日志只增不改的触发器 "+name+" 被改动", "the append-only trigger "+name+" was changed"
		}
		if en != "" {
			return brk(0, BreakGuard, zh+"：日志可能被改写，请与检查点核对", en+": the log may have been rewritten; check it against a checkpoint"), nil
		}
	}
	for name := range found {
		if slices.Contains(names, name) {
			continue
		}
		// Another trigger on the log could rewrite what is appended.
		return brk(0, BreakGuard,
			fmt.Sprintf("审计日志表上有一个不属于结构的触发器 %s", quote(name)),
			fmt.Sprintf("the audit table has a trigger %s that the schema did not create", quote(name))), nil
	}
	return nil, nil
}
