package cli_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	_ "modernc.org/sqlite"

	"github.com/zerenlab/zeren/assessment"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"

	"github.com/zerenlab/zeren/cmd/internal/cli"
	"github.com/zerenlab/zeren/cmd/internal/store"
	"github.com/zerenlab/zeren/cmd/internal/testdb"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// result is one in-process run of zeren.
type result struct {
	code           int
	stdout, stderr string
}

func zeren(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Main(context.Background(), args, cli.Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut,
		Getenv: func(string) string { return "" },
	})
	return result{code, out.String(), errOut.String()}
}

func golden(t *testing.T, name string, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	assert.Equal(t, string(want), got, "%s differs; run go test -update and review the diff", path)
}

func TestCheckReportsEveryProblemWithItsPositionInTheChosenLanguage(t *testing.T) {
	t.Parallel()
	files := []string{"ok.cel", "syntax.cel", "unknown_field.cel", "mixed_types.cel", "wrong_kind.cel"}
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			args := []string{"check", "-lang", lang, "-kind", "number"}
			for _, f := range files {
				args = append(args, filepath.Join("testdata", "rules", f))
			}
			r := zeren(t, "", args...)
			assert.Equal(t, cli.ExitProblems, r.code)
			golden(t, "check_"+lang+".golden", fmt.Sprintf("exit %d\n-- stdout --\n%s-- stderr --\n%s", r.code, r.stdout, r.stderr))
		})
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	ok := filepath.Join("testdata", "rules", "ok.cel")
	tests := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"a good rule prints nothing on stdout", "", []string{"check", "-kind", "ratio", ok}, cli.ExitOK, "", "检查了 1 个规则文件，未发现问题\n"},
		{"a condition is a bool rule", "facts.business_score < 60.0", []string{"check", "-kind", "bool", "-"}, cli.ExitOK, "", ""},
		{"standard input", "facts.business_score <", []string{"check", "-lang", "en", "-"}, cli.ExitProblems, "-:1:23: Syntax error", ""},
		{"a missing file is an I/O error", "", []string{"check", filepath.Join("testdata", "rules", "nope.cel"), ok}, cli.ExitUsage, "", "nope.cel：文件不存在"},
		{"an unknown kind", "", []string{"check", "-kind", "score", ok}, cli.ExitUsage, "", `-kind "score"`},
		{"no files", "", []string{"check"}, cli.ExitUsage, "", "请给出规则文件"},
		{"a bad language", "", []string{"check", "-lang", "fr", ok}, cli.ExitUsage, "", `-lang "fr"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := zeren(t, tt.stdin, tt.args...)
			assert.Equal(t, tt.code, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
			if tt.stdout == "" {
				assert.Empty(t, r.stdout)
			} else {
				assert.Contains(t, r.stdout, tt.stdout)
			}
			assert.Contains(t, r.stderr, tt.stderr)
		})
	}
}

func TestDecomposeCountsTheSampleYear(t *testing.T) {
	t.Parallel()
	r := zeren(t, "", "decompose")
	require.Equal(t, cli.ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "2026 年度任务分解：60 项任务，4589 项分解任务")
	assert.Contains(t, r.stdout, "T01       144  2026-12-31  落实“第一议题”制度")
	assert.Contains(t, r.stdout, "branch             2409  党支部")
	assert.Empty(t, r.stderr, "no progress bar when stderr is not a terminal")

	en := zeren(t, "", "decompose", "-lang", "en", "-progress")
	require.Equal(t, cli.ExitOK, en.code)
	assert.Contains(t, en.stdout, "2026 decomposition: 60 tasks, 4589 assignments")
	assert.Contains(t, en.stdout, "By level:")
	assert.Contains(t, en.stderr, "\r[####################] 4589/4589 assignments", "the bar ends full")
}

func TestDecomposeJSONLines(t *testing.T) {
	t.Parallel()
	r := zeren(t, "", "decompose", "-json", "-as-of", "2026-07-01")
	require.Equal(t, cli.ExitOK, r.code, r.stderr)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	assert.Len(t, lines, 4589)
	handovers := 0
	for _, l := range lines {
		var a struct {
			ID        string `json:"id"`
			Handovers []json.RawMessage
		}
		require.NoError(t, json.Unmarshal([]byte(l), &a), l)
		handovers += len(a.Handovers)
	}
	assert.Positive(t, handovers, "-as-of records the 党组书记 rotation of 2026-07-01")
	assert.Equal(t, r.stdout, zeren(t, "", "decompose", "-json", "-as-of", "2026-07-01").stdout, "stable output")
}

func TestDecomposeFromFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	plan := sample.Plan()
	js, err := assessment.MarshalJSON(plan)
	require.NoError(t, err)
	planFile := filepath.Join(dir, "plan.json")
	require.NoError(t, os.WriteFile(planFile, js, 0o644))
	r := zeren(t, "", "decompose", "-plan", planFile)
	require.Equal(t, cli.ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "4589 项分解任务")

	plan.GetTasks()[0].OwnerPostKindId = "nobody"
	plan.GetTasks()[1].Measure.Target = -1
	js, err = assessment.MarshalJSON(plan)
	require.NoError(t, err)
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, js, 0o644))
	r = zeren(t, "", "decompose", "-plan", bad)
	assert.Equal(t, cli.ExitProblems, r.code, "an invalid plan is a problem found")
	assert.Contains(t, r.stderr, `“nobody”`, "Chinese by default")
	assert.Contains(t, r.stderr, "T02", "every problem is reported")

	require.NoError(t, os.WriteFile(bad, []byte(`{"year": 2026, "tasks": [{"idd": "x"}]}`), 0o644))
	r = zeren(t, "", "decompose", "-plan", bad)
	assert.Equal(t, cli.ExitUsage, r.code, "a file that does not decode is an input error")
	assert.Contains(t, r.stderr, "idd")

	r = zeren(t, "", "decompose", "-structure", filepath.Join(dir, "nope.json"))
	assert.Equal(t, cli.ExitUsage, r.code)
	r = zeren(t, "", "decompose", "-as-of", "July")
	assert.Equal(t, cli.ExitUsage, r.code)
}

func TestAssessRanksTheSampleCity(t *testing.T) {
	t.Parallel()
	r := zeren(t, "", "assess")
	require.Equal(t, cli.ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "1 | 国家税务总局示例市税务局（sws） | 99.74", "the ranking names the unit")
	assert.Contains(t, r.stdout, "11 | 示例市住房和城乡建设局（zjj） | 61.74")
	assert.NotContains(t, r.stdout, "考核结果 Assessment result", "derivations only on request")

	r = zeren(t, "", "assess", "-unit", sample.FinanceUnitID, "-progress")
	require.Equal(t, cli.ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "单位 Unit: czj")
	assert.Contains(t, r.stdout, "公式 formula:")
	assert.Contains(t, r.stderr, "评分 11 个单位")

	r = zeren(t, "", "assess", "-format", "json")
	require.Equal(t, cli.ExitOK, r.code, r.stderr)
	var results []struct {
		UnitID string `json:"unitId"`
		Score  string
		Rank   int
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &results))
	require.Len(t, results, 11)
	assert.Equal(t, "sws", results[0].UnitID)
	assert.Equal(t, "99.74", results[0].Score)

	r = zeren(t, "", "assess", "-format", "json", "-unit", "zjj")
	require.Equal(t, cli.ExitOK, r.code, r.stderr)
	var one struct{ Rank int }
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &one))
	assert.Equal(t, 11, one.Rank)
}

func TestAssessFromFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name string, items ...[]byte) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, append(bytes.Join(items, []byte(",")), '\n'), 0o644))
		return path
	}
	var facts, reviews [][]byte
	for _, f := range sample.Facts2026() {
		js, err := assessment.MarshalJSON(f)
		require.NoError(t, err)
		facts = append(facts, js)
	}
	for _, rv := range sample.Reviews2026() {
		js, err := assessment.MarshalJSON(rv)
		require.NoError(t, err)
		var line bytes.Buffer
		require.NoError(t, json.Compact(&line, js))
		reviews = append(reviews, line.Bytes())
	}
	factsFile := write("facts.json", []byte("["+string(bytes.Join(facts, []byte(",")))+"]"))
	reviewsFile := filepath.Join(dir, "reviews.jsonl") // JSON lines
	require.NoError(t, os.WriteFile(reviewsFile, append(bytes.Join(reviews, []byte("\n")), '\n'), 0o644))
	sys, err := assessment.MarshalJSON(sample.IndicatorSystem())
	require.NoError(t, err)
	systemFile := write("system.json", sys)

	want := zeren(t, "", "assess")
	got := zeren(t, "", "assess", "-system", systemFile, "-facts", factsFile, "-reviews", reviewsFile)
	require.Equal(t, cli.ExitOK, got.code, got.stderr)
	assert.Equal(t, want.stdout, got.stdout, "the files hold the sample: the same ranking")

	// The same documents in text format, as sets, read by the library's parsers.
	text := func(name string, m proto.Message) string {
		b, err := prototext.Marshal(m)
		require.NoError(t, err)
		return write(name, b)
	}
	got = zeren(t, "", "assess", "-system", text("system.txtpb", sample.IndicatorSystem()),
		"-facts", text("facts.txtpb", &zerenv1.FactSet{Facts: sample.Facts2026()}),
		"-reviews", text("reviews.txtpb", &zerenv1.ReviewSet{Reviews: sample.Reviews2026()}))
	require.Equal(t, cli.ExitOK, got.code, got.stderr)
	assert.Equal(t, want.stdout, got.stdout, "textproto sets hold the sample: the same ranking")
	broken := zeren(t, "", "assess", "-facts", write("broken.json", []byte(`[{"unit": {"id": "czj"}}, {"metrics": {"a": "high"}}]`)))
	assert.Equal(t, cli.ExitUsage, broken.code)
	assert.Contains(t, broken.stderr, "facts[1].metrics.a", "the error names the field at fault")

	noReviews := zeren(t, "", "assess", "-facts", factsFile)
	require.Equal(t, cli.ExitOK, noReviews.code, noReviews.stderr)
	assert.NotEqual(t, want.stdout, noReviews.stdout, "given facts, the sample's ballots are not taken")

	// A 述职评议 of a unit must name its 党组书记 of the period, as zerend checks.
	wrong := sample.Reviews2026()
	wrong[0].PersonId = "p-czj-08" // a branch secretary of 财政局
	wrongFile := text("wrong-reviews.txtpb", &zerenv1.ReviewSet{Reviews: wrong})
	r0 := zeren(t, "", "assess", "-facts", factsFile, "-reviews", wrongFile)
	assert.Equal(t, cli.ExitProblems, r0.code, r0.stderr)
	assert.Empty(t, r0.stdout, "no ranking on reviews of the wrong person")
	assert.Contains(t, r0.stderr, "蒋文斌（p-czj-08）在 2026-01-01 至 2026-12-31 未任 中共示例市财政局党组 的第一责任人岗位")
	r0 = zeren(t, "", "assess", "-lang", "en", "-facts", factsFile, "-reviews", wrongFile)
	assert.Equal(t, cli.ExitProblems, r0.code, r0.stderr)
	assert.Contains(t, r0.stderr, `review "czj": person_id: 蒋文斌 (p-czj-08) held no first-responsible post of 中共示例市财政局党组 from 2026-01-01 to 2026-12-31`)
	r0 = zeren(t, "", "assess", "-facts", factsFile, "-reviews", reviewsFile, "-structure", filepath.Join(dir, "none.json"))
	assert.Equal(t, cli.ExitUsage, r0.code, "an unreadable -structure is a usage error")

	badSystem := write("bad.json", bytes.Replace(sys, []byte(`completion_rate(`), []byte(`completion_rat(`), 1))
	r := zeren(t, "", "assess", "-system", badSystem)
	assert.Equal(t, cli.ExitProblems, r.code)
	assert.Contains(t, r.stderr, "completion_rat")

	for _, args := range [][]string{
		{"assess", "-format", "xml"},
		{"assess", "-unit", "nowhere"},
		{"assess", "-facts", filepath.Join(dir, "nope.json")},
		{"assess", "-facts", write("garbage.json", []byte("[{]"))},
	} {
		r := zeren(t, "", args...)
		assert.Equal(t, cli.ExitUsage, r.code, "%q: %s", args, r.stderr)
	}
}

func TestAuditVerify(t *testing.T) {
	t.Parallel()
	for _, target := range []struct {
		name string
		new  func(testing.TB) string
	}{{"sqlite", testdb.SQLite}, {"postgres", testdb.Postgres}} {
		t.Run(target.name, func(t *testing.T) {
			t.Parallel()
			db := target.new(t)
			ctx := context.Background()
			s, err := store.Open(ctx, db)
			require.NoError(t, err)
			for i := range 3 {
				_, err := s.Apply(ctx, "tester", []store.Change{{Op: store.OpPut, Kind: store.KindPlan, ID: fmt.Sprintf("p%d", i), Data: []byte{byte(i)}}})
				require.NoError(t, err)
			}
			require.NoError(t, s.Close())

			r := zeren(t, "", "audit", "verify", "-db", db)
			require.Equal(t, cli.ExitOK, r.code, r.stderr)
			assert.Contains(t, r.stdout, "条目： 3\n末条序号： 3\n")
			assert.Contains(t, r.stdout, "审计日志完整，校验通过")
			r = zeren(t, "", "audit", "verify", "-db", db, "-lang", "en")
			assert.Contains(t, r.stdout, "entries:   3\n")
			assert.Contains(t, r.stdout, "OK: the audit log verifies")

			if target.name != "sqlite" {
				return
			}
			// Someone changes a record behind the store's back.
			raw, err := sql.Open("sqlite", db)
			require.NoError(t, err)
			_, err = raw.Exec(`UPDATE records SET data = x'ff' WHERE id = 'p1'`)
			require.NoError(t, err)
			require.NoError(t, raw.Close())
			r = zeren(t, "", "audit", "verify", "-db", db, "-lang", "en")
			assert.Equal(t, cli.ExitProblems, r.code)
			assert.Contains(t, r.stdout, "BROKEN: the audit log breaks at entry 2 (plan \"p1\")")
			r = zeren(t, "", "audit", "verify", "-db", db)
			assert.Contains(t, r.stdout, "审计日志在第 2 条处断裂")
		})
	}
}

func TestAuditVerifyUsage(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "typo.db")
	r := zeren(t, "", "audit", "verify", "-db", missing)
	assert.Equal(t, cli.ExitUsage, r.code)
	assert.NoFileExists(t, missing, "verifying does not create a database")
	assert.Equal(t, cli.ExitUsage, zeren(t, "", "audit", "verify").code)
	assert.Equal(t, cli.ExitUsage, zeren(t, "", "audit").code)
	assert.Equal(t, cli.ExitUsage, zeren(t, "", "audit", "list").code)
}

func TestUsage(t *testing.T) {
	t.Parallel()
	assert.Equal(t, cli.ExitUsage, zeren(t, "").code)
	r := zeren(t, "", "frobnicate")
	assert.Equal(t, cli.ExitUsage, r.code)
	assert.Contains(t, r.stderr, `未知命令 "frobnicate"`)
	r = zeren(t, "", "help")
	assert.Equal(t, cli.ExitOK, r.code)
	assert.Contains(t, r.stdout, "decompose")
	assert.Equal(t, cli.ExitOK, zeren(t, "", "check", "-h").code)
	r = zeren(t, "", "serve", "-db", testdb.SQLite(t))
	assert.Equal(t, cli.ExitUsage, r.code, "serve is zerend: no tokens, no start")
	assert.Contains(t, r.stderr, "no bearer tokens configured")
}
