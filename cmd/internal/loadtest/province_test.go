package loadtest_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/frameworks"
	"github.com/zerenlab/zeren/internal/province"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/sample"

	"github.com/zerenlab/zeren/cmd/internal/testdb"
)

// TestProvince seeds a generated province into zerend — run as a child
// process, so that its peak RSS is its own — then decomposes the year's
// plan, asks for a month end's agenda and runs the assessment, logging each
// call's wall time and zerend's peak RSS (VmHWM, reset before each call).
// It is skipped unless ZEREN_PROVINCE=1; the size comes from
// ZEREN_PROVINCE_UNITS (5000 units, each with a 党组, a 机关党委 and two
// 党支部) and ZEREN_PROVINCE_TASKS (monthly tasks of every 党支部书记:
// assignments = tasks × 2 × units × 12; 30 tasks make 3.6 M);
// ZEREN_PROVINCE_ZEREND names a zerend binary to run instead of building
// this one (to compare with an earlier commit). ZEREN_PROVINCE_DB chooses
// the store: sqlite (the default, a fresh file) or postgres (a fresh
// schema, dropped afterwards, in the database named by
// ZEREN_TEST_POSTGRES_DSN or ZEREN_PG_DSN; the peak RSS is then zerend's
// alone, not PostgreSQL's):
//
//	ZEREN_PROVINCE=1 ZEREN_PROVINCE_TASKS=3 go test -run Province -v -timeout 2h ./internal/loadtest
//	export ZEREN_TEST_POSTGRES_DSN="$(scripts/start-postgres.sh)"
//	ZEREN_PROVINCE=1 ZEREN_PROVINCE_DB=postgres go test -run Province -v -timeout 2h ./internal/loadtest
func TestProvince(t *testing.T) {
	if os.Getenv("ZEREN_PROVINCE") != "1" {
		t.Skip("set ZEREN_PROVINCE=1 to seed and assess a province")
	}
	units, tasks := envInt(t, "ZEREN_PROVINCE_UNITS", 5000), envInt(t, "ZEREN_PROVINCE_TASKS", 1)
	ctx := context.Background()
	bin := os.Getenv("ZEREN_PROVINCE_ZEREND") // a zerend built elsewhere, e.g. from an earlier commit
	if bin == "" {
		bin = buildCommand(t, "github.com/zerenlab/zeren/cmd/zerend")
	}
	z := startZerend(t, bin, provinceDB(t), "-call-timeout", "2h", "-read-timeout", "10m", "-max-request-bytes", strconv.Itoa(256<<20), "-log-level", "warn")

	st := province.Generate(province.Config{Units: units, BranchesPerUnit: 2, People: 4 * units, Appointments: 4 * units, Seed: 1})
	h := zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, z.base, z.auth)
	cl := zerenv1connect.NewChecklistServiceClient(http.DefaultClient, z.base, z.auth)
	sv := zerenv1connect.NewSupervisionServiceClient(http.DefaultClient, z.base, z.auth)
	as := zerenv1connect.NewAssessmentServiceClient(http.DefaultClient, z.base, z.auth)
	step := func(name string, call func() error) {
		t.Helper()
		z.resetPeak(t)
		before := z.statusMiB(t, "VmRSS:")
		start := time.Now()
		if err := call(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t.Logf("%-14s %8.1f s  peak RSS %5d MiB (%5d MiB before)", name, time.Since(start).Seconds(), z.statusMiB(t, "VmHWM:"), before)
	}
	step("PutFramework", func() error {
		_, err := h.PutFramework(ctx, connect.NewRequest(&zerenv1.PutFrameworkRequest{Framework: frameworks.SanjiWugang()}))
		return err
	})
	step("PutStructure", func() error {
		_, err := h.PutStructure(ctx, connect.NewRequest(&zerenv1.PutStructureRequest{Structure: st}))
		return err
	})
	plan := &zerenv1.Plan{Id: "2026", Name: "全省清单", Year: 2026, FrameworkId: st.GetFrameworkId(),
		Problems: []*zerenv1.Problem{{Id: "P1", Number: "P1", Title: "问题一", Dimension: zerenv1.Dimension_DIMENSION_POLITICAL}}}
	for i := range tasks {
		id := fmt.Sprintf("T%02d", i+1)
		plan.Tasks = append(plan.Tasks, &zerenv1.Task{
			Id: id, Number: id, Title: "任务" + id, Dimension: zerenv1.Dimension(1 + i%7),
			ProblemIds: []string{"P1"}, OwnerPostKindId: "branch-secretary", LeadDepartment: "机关党委办公室",
			Scope: &zerenv1.Scope{LevelIds: []string{province.LevelBranch}},
			Measure: &zerenv1.Measure{Metric: "次数", Unit: "次", Target: 12, Comparison: zerenv1.Comparison_COMPARISON_AT_LEAST,
				PeriodKind: zerenv1.PeriodKind_PERIOD_KIND_MONTH, Split: zerenv1.SplitRule_SPLIT_RULE_PER_PERIOD,
				Rounding: zerenv1.Rounding_ROUNDING_REMAINDER_FIRST},
			Deadline: timestamppb.New(time.Date(2026, 12, 31, 0, 0, 0, 0, sample.Location)), Weight: 1,
		})
	}
	step("PutPlan", func() error {
		_, err := cl.PutPlan(ctx, connect.NewRequest(&zerenv1.PutPlanRequest{Plan: plan}))
		return err
	})
	step("Decompose", func() error {
		r, err := cl.Decompose(ctx, connect.NewRequest(&zerenv1.DecomposeRequest{PlanId: plan.GetId()}))
		if err == nil {
			t.Logf("assignments added: %d (units %d, tasks %d)", r.Msg.GetAdded(), units, tasks)
		}
		return err
	})
	step("Decompose again", func() error {
		r, err := cl.Decompose(ctx, connect.NewRequest(&zerenv1.DecomposeRequest{PlanId: plan.GetId()}))
		if err == nil && r.Msg.GetAdded()+r.Msg.GetChanged()+r.Msg.GetRetired() != 0 {
			return fmt.Errorf("decomposing again changed something: %v", r.Msg)
		}
		return err
	})
	step("GetAgenda", func() error {
		// In pages of 250 units, as a province's daily job asks for it.
		tok, opened, pages := "", 0, 0
		for {
			r, err := sv.GetAgenda(ctx, connect.NewRequest(&zerenv1.GetAgendaRequest{
				On: timestamppb.New(time.Date(2026, 6, 30, 18, 0, 0, 0, sample.Location)), UnitsPerPage: 250, PageToken: tok}))
			if err != nil {
				return err
			}
			opened, pages = opened+len(r.Msg.GetOpened()), pages+1
			if tok = r.Msg.GetNextPageToken(); tok == "" {
				break
			}
		}
		t.Logf("cases opened: %d in %d pages", opened, pages)
		return nil
	})
	sys := sample.IndicatorSystem()
	sys.PlanId, sys.Indicators = plan.GetId(), nil
	for i := range 4 {
		sys.Indicators = append(sys.Indicators, &zerenv1.Indicator{Id: fmt.Sprint(i + 1), Name: fmt.Sprintf("指标%d", i+1), MaxPoints: 25,
			Formula: []string{
				`completion_rate(facts.assignments)`,
				`on_time_rate(facts.assignments, now)`,
				`clamp(1.0 - 0.01 * double(overdue_count(facts.assignments, now)), 0.0, 1.0)`,
				fmt.Sprintf(`completion_rate(facts.assignments.filter(a, a.task_id == "T%02d"))`, 1),
			}[i]})
	}
	put := func(triggers []*zerenv1.Trigger) func() error {
		return func() error {
			_, err := as.PutIndicatorSystem(ctx, connect.NewRequest(&zerenv1.PutIndicatorSystemRequest{System: sys, Triggers: triggers}))
			return err
		}
	}
	var runID string
	run := func() error {
		r, err := as.RunAssessment(ctx, connect.NewRequest(&zerenv1.RunAssessmentRequest{SystemId: sys.GetId(),
			Period: &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2026}}))
		if err == nil {
			runID = r.Msg.GetRunId()
			t.Logf("units assessed: %d, with diagnostics: %d; proposals: %d", r.Msg.GetUnits(), r.Msg.GetUnitsWithDiagnostics(), r.Msg.GetProposals())
			lr, err := as.ListResults(ctx, connect.NewRequest(&zerenv1.ListResultsRequest{RunId: r.Msg.GetRunId(), PageSize: 1}))
			if err != nil {
				return err
			}
			for _, x := range lr.Msg.GetResults() {
				t.Logf("first result: %s score %s grade %s, diagnostics %v", x.GetUnitId(), x.GetScore(), x.GetGradeId(), x.GetDiagnostics())
			}
			if int(r.Msg.GetUnits()) != units {
				return fmt.Errorf("%d units assessed, want %d", r.Msg.GetUnits(), units)
			}
		}
		return err
	}
	// First without triggers (scoring alone), then with the sample's four,
	// which on this province, where no unit reported progress, raise a
	// proposal for nearly every open case; then again, replacing them.
	step("PutIndicators", put(nil))
	step("RunAssessment", run)
	step("PutIndicators", put(sample.Triggers()))
	step("RunAssessment (triggers)", run)
	step("RunAssessment (again)", run)
	// A dry run of a changed system reads the run's facts a batch at a
	// time; a person's outcome reads what can concern the person.
	step("DryRun", func() error {
		next := proto.CloneOf(sys)
		next.Indicators[0].Formula = `on_time_rate(facts.assignments, now)`
		r, err := as.DryRun(ctx, connect.NewRequest(&zerenv1.DryRunRequest{System: next, RunId: runID}))
		if err == nil {
			t.Logf("dry run: %d units change", len(r.Msg.GetChanges()))
		}
		return err
	})
	pp := zerenv1connect.NewPeopleServiceClient(http.DefaultClient, z.base, z.auth)
	posts := map[string]string{}
	for _, p := range st.GetPosts() {
		posts[p.GetId()] = p.GetPostKindId()
	}
	for _, kind := range []string{"branch-secretary", "party-group-secretary"} {
		var person string
		for _, a := range st.GetAppointments() {
			if posts[a.GetPostId()] == kind && a.GetEnd() == nil {
				person = a.GetPersonId()
				break
			}
		}
		step("GetPersonOutcome ("+kind+")", func() error {
			r, err := pp.GetPersonOutcome(ctx, connect.NewRequest(&zerenv1.GetPersonOutcomeRequest{PersonId: person, RunId: runID,
				Period: &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2026}}))
			if err == nil {
				o := r.Msg.GetOutcome()
				t.Logf("%s %s: %d posts, %d findings, %d cases, %d proposals", kind, person,
					len(o.GetPosts()), len(o.GetFindingIds()), len(o.GetCaseIds()), len(o.GetProposals()))
			}
			return err
		})
	}
}

// provinceDB is the store of ZEREN_PROVINCE_DB: a fresh SQLite file, or a
// fresh PostgreSQL schema.
func provinceDB(t *testing.T) string {
	t.Helper()
	switch db := os.Getenv("ZEREN_PROVINCE_DB"); db {
	case "", "sqlite":
		t.Log("store: SQLite")
		return testdb.SQLite(t)
	case "postgres":
		if os.Getenv(testdb.PostgresDSNEnv) == "" {
			dsn := os.Getenv("ZEREN_PG_DSN")
			if dsn == "" {
				t.Fatalf("ZEREN_PROVINCE_DB=postgres needs %s or ZEREN_PG_DSN; start one with: export %s=\"$(scripts/start-postgres.sh)\"", testdb.PostgresDSNEnv, testdb.PostgresDSNEnv)
			}
			t.Setenv(testdb.PostgresDSNEnv, dsn)
		}
		t.Log("store: PostgreSQL")
		return testdb.Postgres(t)
	default:
		t.Fatalf("ZEREN_PROVINCE_DB=%q: want sqlite or postgres", db)
		return ""
	}
}

func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

// resetPeak resets zerend's peak RSS (writing 5 to clear_refs).
func (c *child) resetPeak(t *testing.T) {
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", c.pid), []byte("5"), 0); err != nil {
		t.Logf("cannot reset the peak RSS: %v", err)
	}
}

// statusMiB reads a figure of zerend's /proc status: VmHWM (peak RSS),
// VmRSS.
func (c *child) statusMiB(t *testing.T, field string) int {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", c.pid))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return kb / 1024
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, c.pid)
	return 0
}
