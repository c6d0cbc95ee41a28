package accountability_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/accountability"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// TestMeasureBasisPinsEachCitationToItsMeasure: 问责条例第八条 lists the
// 问责方式; 谈话提醒、约谈、函询 are the first of the 四种形态 and must not
// cite it. A wrong pairing in Basis fails here.
func TestMeasureBasisPinsEachCitationToItsMeasure(t *testing.T) {
	t.Parallel()
	const (
		acc   = zerenv1.MeasureBasis_MEASURE_BASIS_ACCOUNTABILITY
		first = zerenv1.MeasureBasis_MEASURE_BASIS_FIRST_FORM
	)
	tests := []struct {
		measure  zerenv1.AccountabilityMeasure
		name     string
		basis    zerenv1.MeasureBasis
		citation string
	}{
		{zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_INSPECTION, "检查", acc, "《中国共产党问责条例》（2019）第八条"},
		{zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_CIRCULAR, "通报", acc, "《中国共产党问责条例》（2019）第八条"},
		{zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_REORGANIZATION, "改组", acc, "《中国共产党问责条例》（2019）第八条"},
		{zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_ADMONITION, "诫勉", acc, "《中国共产党问责条例》（2019）第八条"},
		{zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_ORGANIZATIONAL_ADJUSTMENT, "组织调整或组织处理", acc, "《中国共产党问责条例》（2019）第八条"},
		{zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_DISCIPLINARY_ACTION, "纪律处分", acc, "《中国共产党问责条例》（2019）第八条"},
		{zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_REMINDER_TALK, "提醒谈话", first, accountability.CitationFirstForm},
		{zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_ADMONITORY_TALK, "约谈", first, accountability.CitationFirstForm},
		{zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_WRITTEN_INQUIRY, "函询", first, accountability.CitationFirstForm},
		{zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_OTHER, "", zerenv1.MeasureBasis_MEASURE_BASIS_OTHER, ""},
	}
	require.Len(t, tests, len(zerenv1.AccountabilityMeasure_name)-1, "every measure but UNSPECIFIED is pinned")
	for _, tt := range tests {
		t.Run(tt.measure.String(), func(t *testing.T) {
			t.Parallel()
			b, c := accountability.Basis(tt.measure)
			assert.Equal(t, tt.basis, b)
			assert.Equal(t, tt.citation, c)
			assert.Equal(t, tt.name, accountability.MeasureName(tt.measure, ""))
			if b == first {
				assert.NotContains(t, c, "第八条", "the 四种形态 are not a 问责方式 of 第八条")
			}
		})
	}
	b, c := accountability.Basis(zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_UNSPECIFIED)
	assert.Equal(t, zerenv1.MeasureBasis_MEASURE_BASIS_UNSPECIFIED, b)
	assert.Empty(t, c)
	assert.Equal(t, "第一种形态", accountability.BasisName(first))
	assert.Equal(t, "问责方式", accountability.BasisName(acc))
}

func TestProposalsCarryTheirMeasuresBasis(t *testing.T) {
	t.Parallel()
	env, h := setup(t)
	p, err := accountability.New(env, h, []*zerenv1.Trigger{
		{Id: "talk", Name: "约谈", Condition: "true", Measure: mTalk, Target: tPerson},
		{Id: "circ", Name: "通报", Condition: "true", Measure: mCircular, Target: tOrg},
	})
	require.NoError(t, err)
	props, _, err := p.Propose(t.Context(), []*zerenv1.UnitFacts{unitFacts(h, "czj", year2026)}, nil)
	require.NoError(t, err)
	for _, pr := range props {
		want, cite := accountability.Basis(pr.GetMeasure())
		assert.Equal(t, want, pr.GetMeasureBasis(), pr.GetId())
		assert.Equal(t, cite, pr.GetMeasureCitation(), pr.GetId())
	}
	assert.Equal(t, zerenv1.MeasureBasis_MEASURE_BASIS_FIRST_FORM, props[0].GetMeasureBasis())
}

// Finding 9: trigger A3 cited 问责条例第八条 for 提醒谈话.
func TestNewRejectsATalkThatCitesArticleEightAndBadSelectors(t *testing.T) {
	t.Parallel()
	env, h := setup(t)
	_, err := accountability.New(env, h, []*zerenv1.Trigger{
		{Id: "a3", Name: "提醒谈话", Condition: "true", Measure: zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_REMINDER_TALK, Target: tPerson,
			Basis: "《中国共产党问责条例》第八条：对党的领导干部，予以提醒谈话"},
		{Id: "area", Name: "无此领域", Condition: "true", Measure: mTalk, Target: tPerson, DutyAreaId: "nowhere"},
		{Id: "org", Name: "对组织按责任类别", Condition: "true", Measure: mCircular, Target: tOrg,
			ResponsibilityKinds: []zerenv1.ResponsibilityKind{zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_FIRST_RESPONSIBLE}},
		{Id: "scope", Name: "范围无效", Condition: "true", Measure: mTalk, Target: tPerson, Scope: zerenv1.TriggerScope(42)},
		{Id: "ok", Name: "诫勉引第八条", Condition: "true", Measure: mAdmon, Target: tPerson, Basis: "《中国共产党问责条例》第八条"},
	})
	var verr *accountability.ValidationError
	require.True(t, errors.As(err, &verr), "%v", err)
	var got []string
	for _, p := range verr.Problems {
		got = append(got, p.ID+" "+p.Field)
	}
	assert.Equal(t, []string{"a3 basis", "area duty_area_id", "org responsibility_kinds", "scope scope"}, got)
	assert.Contains(t, verr.Problems[0].MessageZh, "四种形态")
}
