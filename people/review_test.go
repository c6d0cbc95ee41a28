package people_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/people"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

func samplePlan(t *testing.T) *people.Plan {
	t.Helper()
	pl, err := people.NewPlan(sample.ReviewPlan2026(), sample.Hierarchy())
	require.NoError(t, err)
	return pl
}

func byReview(rs []*zerenv1.ReviewResult) map[string]*zerenv1.ReviewResult {
	m := map[string]*zerenv1.ReviewResult{}
	for _, r := range rs {
		m[r.GetReviewId()] = r
	}
	return m
}

func cst(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, sample.Location)
}

func TestEachReviewLevelIsScoredUnderItsOwnScheme(t *testing.T) {
	t.Parallel()
	res, err := samplePlan(t).Score(sample.PostReviews2026(), sample.Input2026().Findings)
	require.NoError(t, err)
	require.Len(t, res, 7)
	got := byReview(res)
	tests := []struct {
		review, scheme, person string
		kind                   zerenv1.ReviewKind
		acting                 bool
		from, to               time.Time
		score, satisfaction    float64
	}{
		// 党组书记 before the 市委 and the 工委: the outgoing secretary for January–June.
		{"R-2026-czj-pg-1", "party-group-secretary", sample.RotationOldSecretaryID, zerenv1.ReviewKind_REVIEW_KIND_ANNUAL, false, cst(2026, 1, 1), sample.RotationDate, 91.6, 95.24},
		{"R-2026-czj-pg-2", "party-group-secretary", sample.RotationNewSecretaryID, zerenv1.ReviewKind_REVIEW_KIND_ANNUAL, false, sample.RotationDate, cst(2027, 1, 1), 95.09, 97.62},
		// 机关党委书记 and 机关纪委书记 before the 工委.
		{"R-2026-czj-oc-1", "organ-committee-secretary", sample.DualRolePersonID, zerenv1.ReviewKind_REVIEW_KIND_ANNUAL, false, cst(2026, 1, 1), cst(2027, 1, 1), 95, 100},
		{"R-2026-czj-dis-1", "discipline-secretary", "p-czj-07", zerenv1.ReviewKind_REVIEW_KIND_ANNUAL, false, cst(2026, 1, 1), cst(2027, 1, 1), 88.33, 75},
		// 党支部书记 before the 机关党委, one of them acting for the months presided.
		{"R-2026-czj-b1-1", "branch-secretary", "p-czj-08", zerenv1.ReviewKind_REVIEW_KIND_ANNUAL, false, cst(2026, 1, 1), cst(2027, 1, 1), 94.29, 100},
		{"R-2026-jyj-b2-acting", "branch-secretary", sample.ActingPersonID, zerenv1.ReviewKind_REVIEW_KIND_ANNUAL, true, sample.ActingStart, sample.ActingEnd, 81.67, 80},
		// The 专项述职评议 of the stationed unit's 机关党委书记.
		{"R-2026-sws-oc-1", "stationed-organ-committee-secretary", "p-sws-05", zerenv1.ReviewKind_REVIEW_KIND_SPECIAL, false, cst(2026, 1, 1), cst(2027, 1, 1), 95.31, 100},
	}
	for _, tt := range tests {
		t.Run(tt.review, func(t *testing.T) {
			r := got[tt.review]
			require.NotNil(t, r)
			assert.Equal(t, tt.scheme, r.GetSchemeId())
			assert.Equal(t, tt.kind, r.GetKind())
			assert.Equal(t, tt.person, r.GetPersonId())
			assert.Equal(t, tt.acting, r.GetActing())
			assert.True(t, tt.from.Equal(r.GetFrom().AsTime()), "from %v", r.GetFrom().AsTime().In(sample.Location))
			assert.True(t, tt.to.Equal(r.GetTo().AsTime()), "to %v", r.GetTo().AsTime().In(sample.Location))
			assert.True(t, r.GetValid())
			assert.InDelta(t, tt.score, r.GetScore(), 1e-9)
			assert.InDelta(t, tt.satisfaction, r.GetSatisfaction(), 1e-9)
		})
	}
	// The 点评 has the findings of the reviewee's watch at hand: the
	// stationed 机关党委 assists its 党委, where F-sws-1 was found.
	assert.Equal(t, []string{"F-sws-1"}, got["R-2026-sws-oc-1"].GetFindingIds())
	assert.Equal(t, []string{"F-sws-1"}, got["R-2026-sws-oc-1"].GetComment().GetFindingIds())
	// A branch secretary does not answer for what is found at the 党组.
	assert.Empty(t, got["R-2026-jyj-b2-acting"].GetFindingIds())
}

func TestReviewMismatchesAreNamedProblems(t *testing.T) {
	t.Parallel()
	pl := samplePlan(t)
	base := func() *zerenv1.Review {
		for _, r := range sample.PostReviews2026() {
			if r.GetId() == "R-2026-czj-pg-2" {
				return r
			}
		}
		panic("no review")
	}
	tests := []struct {
		name   string
		edit   func(r *zerenv1.Review)
		field  string
		zh, en string
	}{
		{"the wrong person", func(r *zerenv1.Review) { r.PersonId = sample.RotationOldSecretaryID },
			"person_id", "在 2027-01-20 不是岗位“czj-pg-sec”的任职人，当日任职人是 叶思远", "does not hold post \"czj-pg-sec\" on 2027-01-20 (review_date); the holder is 叶思远"},
		{"a vacant post", func(r *zerenv1.Review) {
			r.PostId, r.UnitId, r.SchemeId, r.PersonId = "sws-oc-sec", "sws", "stationed-organ-committee-secretary", "p-sws-05"
			r.ReviewDate = timestamppb.New(cst(2025, 11, 15))
			r.Ballots = nil
		}, "post_id", "岗位“sws-oc-sec”在 2025-11-15 空缺", "post \"sws-oc-sec\" is vacant on 2025-11-15"},
		{"a person not in the structure", func(r *zerenv1.Review) { r.PersonId = "p-nobody" },
			"person_id", "人员“p-nobody”不在组织架构中（述职岗位“czj-pg-sec”，2027-01-20）", "person \"p-nobody\" is not in the structure (post \"czj-pg-sec\", 2027-01-20)"},
		{"a post of another kind", func(r *zerenv1.Review) { r.SchemeId, r.Ballots = "branch-secretary", nil },
			"post_id", "评议方案“branch-secretary”评议的是", "but scheme \"branch-secretary\" reviews"},
		{"the stationed special review of a direct unit", func(r *zerenv1.Review) {
			r.SchemeId, r.PostId, r.PersonId = "stationed-organ-committee-secretary", "czj-oc-sec", sample.DualRolePersonID
			r.Ballots = nil
		}, "scheme_id", "不适用于单位“czj”", "does not apply to unit \"czj\""},
		{"a regular holder reviewed as acting", func(r *zerenv1.Review) { r.Acting = true },
			"acting", "是岗位“czj-pg-sec”的正式任职人，不是代理", "as regular holder, not acting"},
		{"a holder who left after the period", func(r *zerenv1.Review) {
			r.PersonId, r.HeldUntil, r.ReviewDate = sample.RotationOldSecretaryID, timestamppb.New(cst(2027, 2, 1)), nil
		}, "held_until", "离任日期 2027-02-01 不在评议期间内", "held_until 2027-02-01 is not within the period"},
		{"a 点评 citing an unknown finding", func(r *zerenv1.Review) {
			r.Comment.FindingIds = []string{"F-none"}
		}, "comment.finding_ids[0]", "点评引用的督查发现“F-none”不存在", "cites finding \"F-none\""},
		{"a ballot of a group the scheme lacks", func(r *zerenv1.Review) { r.Ballots[0].RaterGroupId = "members" },
			"rater_group_id", "评议组“members”不在述职评议方案中", "rater group \"members\" is not in the review scheme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := base()
			tt.edit(r)
			_, err := pl.Score([]*zerenv1.Review{r}, sample.Input2026().Findings)
			var ve *people.ValidationError
			require.ErrorAs(t, err, &ve)
			require.Len(t, ve.Problems, 1, ve.Error())
			p := ve.Problems[0]
			assert.Equal(t, "R-2026-czj-pg-2", p.ID)
			assert.Equal(t, tt.field, p.Field)
			assert.Contains(t, p.Zh(), tt.zh)
			assert.Contains(t, p.String(), tt.en)
			assert.Contains(t, p.Zh(), "“R-2026-czj-pg-2”")
			assert.Contains(t, p.String(), "\"R-2026-czj-pg-2\"")
		})
	}
}

func TestAPlanNamesEveryBadScheme(t *testing.T) {
	t.Parallel()
	plan := sample.ReviewPlan2026()
	plan.Schemes[1].Id = plan.Schemes[0].Id
	plan.Schemes[2].PostKindId = "no-such-kind"
	plan.Schemes[3].RaterGroups[0].Weight = 0
	_, err := people.NewPlan(plan, sample.Hierarchy())
	var ve *people.ValidationError
	require.ErrorAs(t, err, &ve)
	var fields []string
	for _, p := range ve.Problems {
		fields = append(fields, p.Path+"."+p.Field)
	}
	assert.Equal(t, []string{"schemes[1].id", "schemes[2].post_kind_id", "schemes[3].rater_groups[0].weight"}, fields)
	assert.Contains(t, ve.Zh(), "岗位类型“no-such-kind”不在责任体系中")
}

// WatchedOrganizations is Watched turned around: for every pair of 示例市's
// organisations, a finding at the second falls under a post at the first
// exactly when the second is listed for the first.
func TestWatchedOrganizationsAreExactlyThoseWatched(t *testing.T) {
	t.Parallel()
	h := sample.Hierarchy()
	var ids []string
	for o := range h.Organizations() {
		ids = append(ids, o.GetId())
	}
	require.Greater(t, len(ids), 10)
	above := 0
	for _, org := range ids {
		listed := people.WatchedOrganizations(h, org)
		assert.Len(t, listed, len(slices.Compact(slices.Sorted(slices.Values(listed)))), "%s: each once", org)
		for _, at := range append(slices.Clone(ids), "no-such-org") {
			assert.Equal(t, people.Watched(h, org, at), slices.Contains(listed, at), "post at %s, record at %s", org, at)
			if people.Watched(h, org, at) && !h.InSubtree(org, at) {
				above++
			}
		}
	}
	assert.NotZero(t, above, "some post watches an organisation above it in its unit")
	assert.Empty(t, people.WatchedOrganizations(h, "no-such-org"))
}
