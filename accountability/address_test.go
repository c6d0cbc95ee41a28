package accountability_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/samber/lo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/accountability"
	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

var (
	kFirst  = zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_FIRST_RESPONSIBLE
	kDual   = zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_DUAL_DUTY
	scopeF  = zerenv1.TriggerScope_TRIGGER_SCOPE_FINDING
	scopeC  = zerenv1.TriggerScope_TRIGGER_SCOPE_CASE
	mRemind = zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_REMINDER_TALK
	mInspec = zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_INSPECTION
)

func propose(t *testing.T, h *responsibility.Hierarchy, trig []*zerenv1.Trigger, facts []*zerenv1.UnitFacts, results []*zerenv1.Result) []*zerenv1.Proposal {
	t.Helper()
	env, err := cel.NewEnv(cel.WithLocation(sample.Location))
	require.NoError(t, err)
	p, err := accountability.New(env, h, trig)
	require.NoError(t, err)
	props, diags, err := p.Propose(context.Background(), facts, results)
	require.NoError(t, err)
	require.Empty(t, diags)
	return props
}

func sampleHierarchy(t *testing.T, s *zerenv1.Structure) *responsibility.Hierarchy {
	t.Helper()
	h, err := responsibility.New(frameworks.SanjiWugang(), s, responsibility.WithLocation(sample.Location))
	require.NoError(t, err)
	return h
}

func date(y int, m time.Month, d int) *timestamppb.Timestamp {
	return timestamppb.New(time.Date(y, m, d, 0, 0, 0, 0, sample.Location))
}

func people(props []*zerenv1.Proposal) []string {
	return lo.Map(props, func(p *zerenv1.Proposal, _ int) string { return p.GetLiability().GetPersonId() })
}

// Finding 4: the top organisation came from the facts' first organisation.
func TestReversedInputOrderStillAddressesTheTopOrganisationAndItsSecretary(t *testing.T) {
	t.Parallel()
	s := sample.Structure()
	slices.Reverse(s.Organizations)
	h := sampleHierarchy(t, s)
	orgs, err := h.UnitOrganizations("czj")
	require.NoError(t, err)
	require.NotEqual(t, "czj-pg", orgs[0].GetId(), "the input now lists a branch first")
	u, _ := h.Unit("czj")
	facts := []*zerenv1.UnitFacts{{Unit: u, Organization: orgs[0], Organizations: orgs, Period: year2026}}
	props := propose(t, h, []*zerenv1.Trigger{
		{Id: "talk", Name: "约谈", Condition: "true", Measure: mTalk, Target: tPerson},
		{Id: "circ", Name: "通报", Condition: "true", Measure: mCircular, Target: tOrg},
	}, facts, nil)
	talks := lo.Filter(props, func(p *zerenv1.Proposal, _ int) bool { return p.GetTriggerId() == "talk" })
	require.NotEmpty(t, talks)
	assert.Equal(t, "czj-pg-sec", talks[0].GetLiability().GetPostId(), "约谈 goes to the 党组书记, not a branch secretary")
	assert.Equal(t, sample.RotationNewSecretaryID, talks[0].GetLiability().GetPersonId())
	circ := lo.Filter(props, func(p *zerenv1.Proposal, _ int) bool { return p.GetTriggerId() == "circ" })
	require.Len(t, circ, 1)
	assert.Equal(t, "czj-pg", circ[0].GetOrganizationId(), "通报 goes to the 党组, not a branch")
}

// Finding 5: a predecessor who held the post half the year was dropped.
func TestAPeriodProposalNamesEveryHolderWithTenureDays(t *testing.T) {
	t.Parallel()
	h := sampleHierarchy(t, sample.Structure())
	props := propose(t, h, []*zerenv1.Trigger{
		{Id: "talk", Name: "约谈第一责任人", Condition: "true", Measure: mTalk, Target: tPerson, ResponsibilityKinds: []zerenv1.ResponsibilityKind{kFirst}},
	}, []*zerenv1.UnitFacts{unitFacts(h, sample.RotationUnitID, year2026)}, nil)
	require.Len(t, props, 1)
	pr := props[0]
	assert.Equal(t, sample.RotationNewSecretaryID, pr.GetLiability().GetPersonId(), "the holder at the period's end")
	type row struct {
		Person string
		Days   int32
		AtEnd  bool
	}
	got := lo.Map(pr.GetTenures(), func(x *zerenv1.Tenure, _ int) row { return row{x.GetPersonId(), x.GetDays(), x.GetAtPeriodEnd()} })
	assert.Equal(t, []row{{sample.RotationOldSecretaryID, 181, false}, {sample.RotationNewSecretaryID, 184, true}}, got,
		"终身问责: the predecessor is named with the days held")
	assert.True(t, pr.GetTenures()[0].GetEnd().AsTime().Equal(sample.RotationDate))
	assert.True(t, pr.GetFailureAt().AsTime().Before(time.Date(2027, 1, 1, 0, 0, 0, 0, sample.Location)))
}

// A post vacant at the period's end is still addressed through whoever held
// it earlier.
func TestAPostVacantAtThePeriodsEndStillNamesItsHolder(t *testing.T) {
	t.Parallel()
	s := sample.Structure()
	s.Appointments = lo.Reject(s.Appointments, func(a *zerenv1.Appointment, _ int) bool { return a.GetId() == "a-czj-pg-sec-2" })
	h := sampleHierarchy(t, s)
	props := propose(t, h, []*zerenv1.Trigger{
		{Id: "talk", Name: "约谈第一责任人", Condition: "true", Measure: mTalk, Target: tPerson, ResponsibilityKinds: []zerenv1.ResponsibilityKind{kFirst}},
	}, []*zerenv1.UnitFacts{unitFacts(h, "czj", year2026)}, nil)
	require.Len(t, props, 1)
	assert.Equal(t, sample.RotationOldSecretaryID, props[0].GetLiability().GetPersonId())
	require.Len(t, props[0].GetTenures(), 1)
	assert.False(t, props[0].GetTenures()[0].GetAtPeriodEnd())
}

func TestAFindingsProposalGoesToWhoeverHeldThePostOnItsDate(t *testing.T) {
	t.Parallel()
	h := sampleHierarchy(t, sample.Structure())
	f := unitFacts(h, "czj", year2026)
	f.Findings = []*zerenv1.Finding{
		{Id: "F-spring", OrganizationId: "czj-pg", Severity: zerenv1.Severity_SEVERITY_SEVERE, FoundAt: date(2026, 3, 10)},
		{Id: "F-autumn", OrganizationId: "czj-pg", Severity: zerenv1.Severity_SEVERITY_SEVERE, FoundAt: date(2026, 9, 10)},
		{Id: "F-minor", OrganizationId: "czj-pg", Severity: zerenv1.Severity_SEVERITY_MINOR, FoundAt: date(2026, 9, 10)},
		{Id: "F-branch", OrganizationId: "czj-b1", Severity: zerenv1.Severity_SEVERITY_SEVERE, FoundAt: date(2026, 4, 1)},
	}
	props := propose(t, h, []*zerenv1.Trigger{{
		Id: "serious", Name: "严重问题约谈第一责任人", Scope: scopeF, Measure: mTalk, Target: tPerson,
		Condition:           "findings.exists(f, f.severity == zeren.v1.Severity.SEVERITY_SEVERE)",
		ResponsibilityKinds: []zerenv1.ResponsibilityKind{kFirst},
	}}, []*zerenv1.UnitFacts{f}, nil)
	bySubject := lo.SliceToMap(props, func(p *zerenv1.Proposal) (string, string) { return p.GetSubjectId(), p.GetLiability().GetPersonId() })
	assert.Equal(t, map[string]string{
		"F-spring": sample.RotationOldSecretaryID,
		"F-autumn": sample.RotationNewSecretaryID,
		"F-branch": sample.RotationOldSecretaryID,
	}, bySubject, "each finding is addressed on its own date; the minor one does not fire")
	spring := lo.Filter(props, func(p *zerenv1.Proposal, _ int) bool { return p.GetSubjectId() == "F-spring" })[0]
	assert.Equal(t, "serious/czj/2026/F-spring/"+sample.RotationOldSecretaryID, spring.GetId())
	assert.True(t, spring.GetFailureAt().AsTime().Equal(date(2026, 3, 10).AsTime()))
	assert.Contains(t, spring.GetEvidence(), &zerenv1.Input{Path: "finding.id", Value: "F-spring"}, "%v", spring.GetEvidence())
	assert.Contains(t, spring.GetEvidence(), &zerenv1.Input{Path: "finding.date", Value: "2026-03-10"},
		"the local day, not the UTC day before: %v", spring.GetEvidence())
	assert.Empty(t, spring.GetTenures(), "a dated failure has one holder, the one on the date")
}

func TestACasesProposalIsDatedByTheCase(t *testing.T) {
	t.Parallel()
	h := sampleHierarchy(t, sample.Structure())
	f := unitFacts(h, "czj", year2026, &zerenv1.SupervisionCase{Id: "DB-1", OrganizationId: "czj-pg", OverdueCount: 2, OpenedAt: date(2026, 2, 1)},
		&zerenv1.SupervisionCase{Id: "DB-2", OrganizationId: "czj-pg", OverdueCount: 0, OpenedAt: date(2026, 8, 1)})
	props := propose(t, h, []*zerenv1.Trigger{{
		Id: "overdue", Name: "两次超期提醒谈话", Scope: scopeC, Measure: mRemind, Target: tPerson,
		Condition: "cases.exists(c, c.overdue_count >= 2)", ResponsibilityKinds: []zerenv1.ResponsibilityKind{kFirst},
	}}, []*zerenv1.UnitFacts{f}, nil)
	require.Len(t, props, 1)
	assert.Equal(t, "DB-1", props[0].GetSubjectId())
	assert.Equal(t, sample.RotationOldSecretaryID, props[0].GetLiability().GetPersonId())
}

// Finding 6: "grade == 差 → 约谈 第一责任人" yielded two proposals per unit.
func TestAFirstResponsibleOnlyTriggerYieldsOneProposalPerUnit(t *testing.T) {
	t.Parallel()
	h := sampleHierarchy(t, sample.Structure())
	var facts []*zerenv1.UnitFacts
	var results []*zerenv1.Result
	for u := range h.Units() {
		if _, err := h.TopOrganization(u.GetId()); err != nil {
			continue
		}
		top, _ := h.TopOrganization(u.GetId())
		if lv, _ := h.Level(top.GetLevelId()); lv.GetSupervising() {
			continue
		}
		facts = append(facts, &zerenv1.UnitFacts{Unit: u, Period: year2026})
		results = append(results, &zerenv1.Result{UnitId: u.GetId(), GradeId: "poor"})
	}
	require.Greater(t, len(facts), 5)
	props := propose(t, h, []*zerenv1.Trigger{{
		Id: "poor", Name: "等次为差约谈第一责任人", Condition: `result.grade_id == "poor"`, Measure: mTalk, Target: tPerson,
		ResponsibilityKinds: []zerenv1.ResponsibilityKind{kFirst},
	}}, facts, results)
	perUnit := lo.CountValuesBy(props, func(p *zerenv1.Proposal) string { return p.GetUnitId() })
	for _, f := range facts {
		assert.Equal(t, 1, perUnit[f.GetUnit().GetId()], f.GetUnit().GetId())
	}
	for _, p := range props {
		post, _ := h.Post(p.GetLiability().GetPostId())
		assert.Equal(t, "party-group-secretary", post.GetPostKindId(), p.GetId())
	}
}

func TestADutyAreaTriggerAddressesTheMemberInCharge(t *testing.T) {
	t.Parallel()
	h := sampleHierarchy(t, sample.Structure())
	props := propose(t, h, []*zerenv1.Trigger{{
		Id: "budget", Name: "预算领域问题", Condition: "true", Measure: mTalk, Target: tPerson,
		DutyAreaId: "budget", ResponsibilityKinds: []zerenv1.ResponsibilityKind{kDual},
	}}, []*zerenv1.UnitFacts{unitFacts(h, "czj", year2026)}, nil)
	assert.Equal(t, []string{"p-czj-03"}, people(props))
	assert.Equal(t, zerenv1.LiabilityGround_LIABILITY_GROUND_DUTY_AREA, props[0].GetLiability().GetGround())
}

// Finding 7: evidence gave counts (list(1)), not the ids that counted.
func TestEvidenceNamesTheVetoesFindingsAndCasesThatCounted(t *testing.T) {
	t.Parallel()
	h := sampleHierarchy(t, sample.Structure())
	f := unitFacts(h, "czj", year2026, &zerenv1.SupervisionCase{Id: "DB-7", OverdueCount: 2})
	f.Findings = []*zerenv1.Finding{{Id: "F-01"}, {Id: "F-02"}}
	props := propose(t, h, []*zerenv1.Trigger{{
		Id: "v", Name: "否决检查", Measure: mInspec, Target: tOrg,
		Condition: `result.veto_ids.exists(v, v != "review.satisfaction") && size(findings) > 1 && cases.exists(c, c.overdue_count >= 2)`,
	}}, []*zerenv1.UnitFacts{f}, []*zerenv1.Result{{UnitId: "czj", VetoIds: []string{"V-integrity"}}})
	require.Len(t, props, 1)
	ev := lo.SliceToMap(props[0].GetEvidence(), func(i *zerenv1.Input) (string, string) { return i.GetPath(), i.GetValue() })
	assert.Equal(t, `["V-integrity"]`, ev["result.veto_ids"], "%v", ev)
	assert.Equal(t, `["F-01", "F-02"]`, ev["facts.findings"], "%v", ev)
	assert.Equal(t, `["DB-7"]`, ev["facts.cases"], "%v", ev)
	for _, v := range ev {
		assert.NotContains(t, v, "list(")
	}
}

func TestEvidenceCapsLongListsAndCountsTheRest(t *testing.T) {
	t.Parallel()
	h := sampleHierarchy(t, sample.Structure())
	f := unitFacts(h, "czj", year2026)
	for i := range 25 {
		f.Findings = append(f.Findings, &zerenv1.Finding{Id: string(rune('A' + i))})
	}
	props := propose(t, h, []*zerenv1.Trigger{{Id: "n", Name: "多", Measure: mInspec, Target: tOrg, Condition: "size(findings) > 20"}},
		[]*zerenv1.UnitFacts{f}, nil)
	require.Len(t, props, 1)
	ev := lo.SliceToMap(props[0].GetEvidence(), func(i *zerenv1.Input) (string, string) { return i.GetPath(), i.GetValue() })
	assert.Contains(t, ev["facts.findings"], `"T", …（共25项）]`)
	assert.NotContains(t, ev["facts.findings"], `"U"`)
}

func TestAFindingWithoutIDOrDateIsNamedByPositionAndDatedAtThePeriodsEnd(t *testing.T) {
	t.Parallel()
	h := sampleHierarchy(t, sample.Structure())
	f := unitFacts(h, "czj", year2026)
	f.Findings = []*zerenv1.Finding{{OrganizationId: "elsewhere"}}
	props := propose(t, h, []*zerenv1.Trigger{{
		Id: "any", Name: "任一问题", Scope: scopeF, Measure: mTalk, Target: tPerson, Condition: "size(findings) == 1",
		ResponsibilityKinds: []zerenv1.ResponsibilityKind{kFirst},
	}}, []*zerenv1.UnitFacts{f}, nil)
	require.Len(t, props, 1)
	assert.Equal(t, "any/czj/2026/finding#1/"+sample.RotationNewSecretaryID, props[0].GetId())
	assert.Equal(t, "czj-pg", props[0].GetLiability().GetOrganizationId(), "an unknown organisation falls back to the top one")
	assert.Empty(t, props[0].GetTenures(), "a finding is a dated failure even without a date")
}
