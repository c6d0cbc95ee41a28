package people_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerenlab/zeren/people"
	"github.com/zerenlab/zeren/sample"
)

func TestUnitReviewsNameTheirFirstResponsibleHolder(t *testing.T) {
	t.Parallel()
	h := sample.Hierarchy()
	require.NoError(t, people.CheckUnitReviews(h, sample.Reviews2026()), "the sample's ballots name each unit's 党组书记")

	reviews := sample.Reviews2026()
	reviews[0].PersonId = sample.RotationOldSecretaryID // left on 1 July: still reviewable for 2026
	require.NoError(t, people.CheckUnitReviews(h, reviews))
	reviews[0].PersonId = "p-czj-08" // a branch secretary
	reviews[1].PersonId = "p-nobody"
	err := people.CheckUnitReviews(h, reviews)
	var ve *people.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Problems, 2)
	assert.Equal(t, "czj", ve.Problems[0].ID)
	assert.Contains(t, ve.Problems[0].Zh(), "蒋文斌（p-czj-08）在 2026-01-01 至 2026-12-31 未任 中共示例市财政局党组 的第一责任人岗位（期内任职：[周启明 叶思远]）")
	assert.Contains(t, ve.Problems[1].String(), "person \"p-nobody\" is not in the structure")
}
