package xlsx_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/timestamppb"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/xlsx"
)

// gen makes random records within what a workbook can hold: text without
// blanks at its ends, ids without list separators, times to the second.
type gen struct{ r *rand.Rand }

const alphabet = "党建责任清单问题任务政治思想组织作风廉政abcXYZ0123456789 -_.（）“”《》\n"

func (g gen) text(maxLen int) string {
	runes := []rune(alphabet)
	var b strings.Builder
	for range g.r.IntN(maxLen + 1) {
		b.WriteRune(runes[g.r.IntN(len(runes))])
	}
	return strings.TrimSpace(b.String())
}

func (g gen) id(prefix string, i int) string { return fmt.Sprintf("%s%d-%s", prefix, i, g.word()) }

func (g gen) word() string {
	runes := []rune("责任abc123XYZ_-.")
	n := 1 + g.r.IntN(4)
	out := make([]rune, n)
	for i := range out {
		out[i] = runes[g.r.IntN(len(runes))]
	}
	return string(out)
}

func (g gen) words() []string {
	var out []string
	for range g.r.IntN(3) {
		out = append(out, g.word())
	}
	return out
}

func (g gen) float() float64 {
	switch g.r.IntN(4) {
	case 0:
		return 0
	case 1:
		return float64(g.r.IntN(1000))
	case 2:
		return math.Round(g.r.Float64()*10000) / 100
	}
	return (g.r.Float64() - 0.5) * math.Pow(10, float64(g.r.IntN(12)-4))
}

func (g gen) stamp() *timestamppb.Timestamp {
	if g.r.IntN(4) == 0 {
		return nil
	}
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, xlsx.Beijing).Unix()
	sec := start + g.r.Int64N(100*365*86400)
	if g.r.IntN(2) == 0 { // a Beijing midnight, the common case
		sec -= (sec - start) % 86400
	}
	return &timestamppb.Timestamp{Seconds: sec}
}

func (g gen) enum(n int) int32 { return int32(g.r.IntN(n)) }

func (g gen) plan() *zerenv1.Plan {
	p := &zerenv1.Plan{Id: g.word(), Name: g.text(30), Year: int32(2000 + g.r.IntN(100)), FrameworkId: g.word()}
	for i := range g.r.IntN(8) {
		p.Problems = append(p.Problems, &zerenv1.Problem{Id: g.id("P", i), Number: g.text(4), Dimension: zerenv1.Dimension(g.enum(10)),
			Title: g.id("标题", i), Description: g.text(80), Origin: zerenv1.ProblemOrigin(g.enum(6)), Severity: zerenv1.Severity(g.enum(4))})
	}
	for i := range g.r.IntN(10) {
		t := &zerenv1.Task{Id: g.id("T", i), Number: g.text(4), Dimension: zerenv1.Dimension(g.enum(10)), Title: g.id("任务", i),
			Description: g.text(60), OwnerPostKindId: g.word(), LeadDepartment: g.text(10), AssistingDepartments: g.words(),
			Deadline: g.stamp(), Weight: g.float()}
		for _, pr := range p.Problems {
			if g.r.IntN(3) == 0 {
				t.ProblemIds = append(t.ProblemIds, pr.Id)
			}
		}
		if g.r.IntN(2) == 0 {
			t.Scope = &zerenv1.Scope{LevelIds: g.words(), UnitIds: g.words(), OrganizationIds: g.words(), KeyUnitsOnly: g.r.IntN(2) == 0}
			if len(t.Scope.LevelIds)+len(t.Scope.UnitIds)+len(t.Scope.OrganizationIds) == 0 {
				t.Scope.KeyUnitsOnly = true
			}
		}
		if g.r.IntN(3) > 0 {
			t.Measure = &zerenv1.Measure{Metric: g.text(8), Unit: g.text(2), Target: g.float(), Comparison: zerenv1.Comparison(g.enum(5)),
				PeriodKind: zerenv1.PeriodKind(g.enum(5)), Split: zerenv1.SplitRule(g.enum(4)), Rounding: zerenv1.Rounding(g.enum(5)),
				Precision: g.enum(7)}
		}
		p.Tasks = append(p.Tasks, t)
	}
	for i := range g.r.IntN(10) {
		if len(p.Tasks) == 0 {
			break
		}
		p.Responsibilities = append(p.Responsibilities, &zerenv1.ResponsibilityEntry{Id: g.id("R", i),
			TaskId: p.Tasks[g.r.IntN(len(p.Tasks))].Id, ResponsibleDepartment: g.text(8), ResponsibleUnitIds: g.words(),
			PostKindId: g.word(), Deadline: g.stamp(), Note: g.text(20)})
	}
	return p
}

func (g gen) reviews(scheme *zerenv1.ReviewScheme) []*zerenv1.Review {
	var out []*zerenv1.Review
	for i := range g.r.IntN(12) {
		r := &zerenv1.Review{UnitId: g.id("u", i), PersonId: g.id("p", i)}
		if g.r.IntN(4) > 0 {
			r.Period = &zerenv1.Period{Kind: zerenv1.PeriodKind(1 + g.enum(4)), Year: int32(2020 + g.r.IntN(10)), Index: g.enum(5)}
		}
		for _, grp := range scheme.GetRaterGroups() {
			for c := int32(1); c <= 4; c++ {
				if g.r.IntN(3) > 0 {
					r.Ballots = append(r.Ballots, &zerenv1.Ballot{RaterGroupId: grp.GetId(), Choice: zerenv1.ReviewChoice(c), Count: g.enum(300)})
				}
			}
		}
		out = append(out, r)
	}
	return out
}

func TestGeneratedPlansAndBallotsRoundTrip(t *testing.T) {
	t.Parallel()
	scheme := &zerenv1.ReviewScheme{RaterGroups: []*zerenv1.RaterGroup{
		{Id: "leaders", Name: "市委领导", Weight: 0.3}, {Id: "g/2", Name: "机关工委: 评议组[2]", Weight: 0.3}, {Id: "staff", Weight: 0.4},
	}}
	for seed := range uint64(40) {
		g := gen{rand.New(rand.NewPCG(seed, 7))}
		plan := g.plan()
		b := writePlan(t, plan)
		got, err := xlsx.ReadPlan(bytes.NewReader(b))
		require.NoError(t, err, "seed %d", seed)
		if !proto.Equal(plan, got) {
			t.Fatalf("seed %d: plan differs (-want +got):\n%s", seed, cmp.Diff(plan, got, protocmp.Transform()))
		}

		reviews := g.reviews(scheme)
		b = writeReviews(t, scheme, reviews)
		gotR, err := xlsx.ReadReviews(bytes.NewReader(b), scheme)
		require.NoError(t, err, "seed %d", seed)
		if d := cmp.Diff(reviews, gotR, protocmp.Transform()); d != "" {
			t.Fatalf("seed %d: reviews differ (-want +got):\n%s", seed, d)
		}
	}
}
