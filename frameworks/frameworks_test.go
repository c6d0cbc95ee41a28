package frameworks

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

func TestEveryEmbeddedDocumentParses(t *testing.T) {
	t.Parallel()
	for _, name := range order {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, err := load(name)
			require.NoError(t, err)
			assert.NotEmpty(t, f.GetId())
			assert.NotEmpty(t, f.GetName())
			assert.NotEmpty(t, f.GetVersion())
			assert.NotEmpty(t, f.GetSource())
		})
	}
	entries, err := files.ReadDir("data")
	require.NoError(t, err)
	assert.Len(t, order, len(entries), "every file in data/ is listed in order")
}

func TestFrameworksAreWellFormed(t *testing.T) {
	t.Parallel()
	for _, f := range All() {
		t.Run(f.GetId(), func(t *testing.T) {
			t.Parallel()
			levels := map[string]*zerenv1.Level{}
			for _, l := range f.GetLevels() {
				assert.NotEmpty(t, l.GetId())
				assert.NotEmpty(t, l.GetName(), "level %q has a name", l.GetId())
				assert.NotContains(t, levels, l.GetId(), "level id %q is unique", l.GetId())
				levels[l.GetId()] = l
				assert.NotEmpty(t, l.GetResponsibilities(), "level %q carries a responsibility", l.GetId())
				for _, r := range l.GetResponsibilities() {
					assert.NotEqual(t, zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_UNSPECIFIED, r, "level %q", l.GetId())
				}
			}
			for i, l := range f.GetLevels() {
				if i == 0 {
					assert.Empty(t, l.GetParentLevelIds(), "the top level %q has no parent", l.GetId())
				}
				for _, p := range l.GetParentLevelIds() {
					assert.Contains(t, levels, p, "parent level %q of level %q exists", p, l.GetId())
					assert.NotEqual(t, l.GetId(), p, "level %q is not its own parent", l.GetId())
				}
			}

			kinds := map[string]*zerenv1.PostKind{}
			for _, k := range f.GetPostKinds() {
				assert.NotEmpty(t, k.GetId())
				assert.NotEmpty(t, k.GetName(), "post kind %q has a name", k.GetId())
				assert.NotContains(t, kinds, k.GetId(), "post kind id %q is unique", k.GetId())
				kinds[k.GetId()] = k
				assert.Contains(t, levels, k.GetLevelId(), "level of post kind %q exists", k.GetId())
				assert.NotEqual(t, zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_UNSPECIFIED, k.GetResponsibility(), "post kind %q", k.GetId())
				assert.NotEqual(t, zerenv1.LeadershipRole_LEADERSHIP_ROLE_UNSPECIFIED, k.GetRole(), "post kind %q", k.GetId())
			}

			clauseIDs := map[string]bool{}
			perLevel := map[string]int{}
			perKind := map[string]int{}
			for _, c := range f.GetClauses() {
				assert.NotEmpty(t, c.GetId())
				assert.False(t, clauseIDs[c.GetId()], "clause id %q is unique", c.GetId())
				clauseIDs[c.GetId()] = true
				assert.NotEmpty(t, c.GetNumber(), "clause %q has a number", c.GetId())
				assert.NotEmpty(t, c.GetText(), "clause %q has a text", c.GetId())
				assert.Contains(t, c.GetBasis(), "《", "clause %q names a regulation", c.GetId())
				assert.NotEqual(t, zerenv1.Dimension_DIMENSION_UNSPECIFIED, c.GetDimension(), "clause %q has a dimension", c.GetId())
				hasLevel, hasKind := c.GetLevelId() != "", c.GetPostKindId() != ""
				assert.True(t, hasLevel != hasKind, "clause %q binds exactly one of a level or a post kind", c.GetId())
				if hasLevel {
					assert.Contains(t, levels, c.GetLevelId(), "level of clause %q exists", c.GetId())
					perLevel[c.GetLevelId()]++
				}
				if hasKind {
					assert.Contains(t, kinds, c.GetPostKindId(), "post kind of clause %q exists", c.GetId())
					perKind[c.GetPostKindId()]++
				}
			}
			for id := range levels {
				assert.GreaterOrEqual(t, perLevel[id], 3, "level %q has at least 3 clauses", id)
			}
			for id := range kinds {
				assert.GreaterOrEqual(t, perKind[id], 3, "post kind %q has at least 3 clauses", id)
			}
		})
	}
}

func TestSanjiWugangHasThreeLevelsAndFivePosts(t *testing.T) {
	t.Parallel()
	f := SanjiWugang()
	require.NotNil(t, f)
	assert.Equal(t, "sanji-wugang", f.GetId())

	levels := map[string]*zerenv1.Level{}
	var levelIDs []string
	for _, l := range f.GetLevels() {
		levels[l.GetId()] = l
		levelIDs = append(levelIDs, l.GetId())
	}
	assert.Equal(t, []string{"party-group", "organ-committee", "branch"}, levelIDs)
	assert.Equal(t, []zerenv1.ResponsibilityKind{zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_PRINCIPAL}, levels["party-group"].GetResponsibilities())
	assert.Empty(t, levels["party-group"].GetParentLevelIds())
	assert.Equal(t, []string{"party-group"}, levels["organ-committee"].GetParentLevelIds())
	assert.Equal(t, []string{"organ-committee"}, levels["branch"].GetParentLevelIds())
	for _, l := range levels {
		assert.True(t, l.GetRequired(), "level %q is required", l.GetId())
		assert.False(t, l.GetSupervising(), "level %q is not supervising", l.GetId())
	}

	type want struct {
		level  string
		resp   zerenv1.ResponsibilityKind
		role   zerenv1.LeadershipRole
		single bool
		req    bool
	}
	wants := map[string]want{
		"party-group-secretary":     {"party-group", zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_FIRST_RESPONSIBLE, zerenv1.LeadershipRole_LEADERSHIP_ROLE_PRINCIPAL, true, true},
		"party-group-member":        {"party-group", zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_DUAL_DUTY, zerenv1.LeadershipRole_LEADERSHIP_ROLE_MEMBER, false, false},
		"organ-committee-secretary": {"organ-committee", zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_DIRECT, zerenv1.LeadershipRole_LEADERSHIP_ROLE_PRINCIPAL, true, true},
		"discipline-secretary":      {"organ-committee", zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_SUPERVISORY, zerenv1.LeadershipRole_LEADERSHIP_ROLE_MEMBER, true, true},
		"branch-secretary":          {"branch", zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_IMPLEMENTATION, zerenv1.LeadershipRole_LEADERSHIP_ROLE_PRINCIPAL, true, true},
	}
	require.Len(t, f.GetPostKinds(), len(wants))
	for _, k := range f.GetPostKinds() {
		w, ok := wants[k.GetId()]
		if !assert.True(t, ok, "unexpected post kind %q", k.GetId()) {
			continue
		}
		assert.Equal(t, w.level, k.GetLevelId(), k.GetId())
		assert.Equal(t, w.resp, k.GetResponsibility(), k.GetId())
		assert.Equal(t, w.role, k.GetRole(), k.GetId())
		assert.Equal(t, w.single, k.GetSingleHolder(), k.GetId())
		assert.Equal(t, w.req, k.GetRequired(), k.GetId())
	}
}

func TestSijiSigangPutsTheWorkCommitteeOnTop(t *testing.T) {
	t.Parallel()
	f := SijiSigang()
	require.NotNil(t, f)
	assert.Equal(t, "siji-sigang", f.GetId())
	require.Len(t, f.GetLevels(), 4)
	top := f.GetLevels()[0]
	assert.Equal(t, "work-committee", top.GetId())
	assert.True(t, top.GetSupervising())
	assert.False(t, top.GetRequired())
	assert.Equal(t, []zerenv1.ResponsibilityKind{zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_GUIDANCE}, top.GetResponsibilities())
	assert.Equal(t, "party-group", f.GetLevels()[1].GetId())
	assert.Equal(t, []string{"work-committee"}, f.GetLevels()[1].GetParentLevelIds())

	var kinds []string
	for _, k := range f.GetPostKinds() {
		kinds = append(kinds, k.GetId())
	}
	assert.Equal(t, []string{"work-committee-secretary", "party-group-secretary", "organ-committee-secretary", "branch-secretary"}, kinds)
}

func TestByIDFindsEveryFrameworkAndRejectsUnknownIDs(t *testing.T) {
	t.Parallel()
	all := All()
	require.Len(t, all, 2)
	assert.Equal(t, SanjiWugangID, all[0].GetId())
	assert.Equal(t, SijiSigangID, all[1].GetId())
	for _, f := range all {
		got, ok := ByID(f.GetId())
		require.True(t, ok, f.GetId())
		assert.True(t, proto.Equal(f, got), f.GetId())
	}
	got, ok := ByID("no-such-framework")
	assert.False(t, ok)
	assert.Nil(t, got)
}

func TestCallersGetIndependentCopies(t *testing.T) {
	t.Parallel()
	a := SanjiWugang()
	a.Name = "changed"
	a.Levels[0].Id = "changed"
	a.Clauses = nil
	b := SanjiWugang()
	assert.NotEqual(t, "changed", b.GetName())
	assert.Equal(t, "party-group", b.GetLevels()[0].GetId())
	assert.NotEmpty(t, b.GetClauses())

	all := All()
	all[1].Id = "changed"
	_, ok := ByID(SijiSigangID)
	assert.True(t, ok)
}
