package sample

import (
	_ "embed"
	"encoding/json"
	"fmt"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

var (
	//go:embed data/review-plan-2026.json
	reviewPlanJSON []byte
	//go:embed data/post-reviews-2026.json
	postReviewsJSON []byte
	//go:embed data/eligibility-2026.json
	eligibilityJSON []byte
	//go:embed data/talk-2026.json
	talkJSON []byte
)

// Talk2026 returns the 约谈 that the decided proposal "A1/zjj/2026/p-zjj-01"
// (综合考核排名末位，约谈党组书记) opens, as the 工委 records it: held on
// 2027-02-10 with 住建局's 党组书记, the points raised, two commitments with
// deadlines (31 March and 30 April 2027) and the 回头看 on 1 June 2027. Its
// state and ledger are left for people.OpenTalk to set. Each call returns
// a new copy.
func Talk2026() *zerenv1.Talk {
	t := &zerenv1.Talk{}
	mustUnmarshal("data/talk-2026.json", talkJSON, t)
	return t
}

// EligibilityRules2026 returns 示例市's eligibility rules over a person's
// outcome: E1, the basic condition for 评先评优 (the units led graded 较好
// or better throughout the tenure and no 问责 decided in the period), and
// F1, a flag into 干部考核 for a decided 约谈, 提醒谈话 or 函询. Each call
// returns new copies.
func EligibilityRules2026() []*zerenv1.EligibilityRule {
	var raw []json.RawMessage
	if err := json.Unmarshal(eligibilityJSON, &raw); err != nil {
		panic(fmt.Sprintf("sample: data/eligibility-2026.json: %v", err))
	}
	out := make([]*zerenv1.EligibilityRule, len(raw))
	for i, r := range raw {
		out[i] = &zerenv1.EligibilityRule{}
		mustUnmarshal(fmt.Sprintf("data/eligibility-2026.json[%d]", i), r, out[i])
	}
	return out
}

// ReviewPlan2026 returns 示例市's 2026 书记抓党建述职评议 programme after the
// 《市直机关党组织书记抓党建工作述职评议工作实施方案》: the 党组（党委）书记's
// annual review before the 市委 and the 市直机关工委, the 机关党委书记's and
// 机关纪委书记's before the 工委, the 党支部书记's before the 机关党委, and the
// 专项述职评议 of the 机关党委书记 of 中央驻市单位. Each call returns a new copy.
func ReviewPlan2026() *zerenv1.ReviewPlan {
	p := &zerenv1.ReviewPlan{}
	mustUnmarshal("data/review-plan-2026.json", reviewPlanJSON, p)
	return p
}

// PostReviews2026 returns the 2026 述职评议 of [ReviewPlan2026], at all three
// levels: 市财政局's outgoing 党组书记 周启明 for January to June (until
// [RotationDate]) and his successor 叶思远, its 机关党委书记, 机关纪委书记 and
// 机关第一支部书记; 市教育局's acting branch secretary 郝振宇 for the months he
// presided ([ActingStart] to [ActingEnd]); and the 专项述职评议 of 税务局's
// 机关党委书记 (the stationed unit), with a 点评 citing the 督查 finding
// "F-sws-1". Each call returns new copies.
func PostReviews2026() []*zerenv1.Review {
	var raw []json.RawMessage
	if err := json.Unmarshal(postReviewsJSON, &raw); err != nil {
		panic(fmt.Sprintf("sample: data/post-reviews-2026.json: %v", err))
	}
	out := make([]*zerenv1.Review, len(raw))
	for i, r := range raw {
		out[i] = &zerenv1.Review{}
		mustUnmarshal(fmt.Sprintf("data/post-reviews-2026.json[%d]", i), r, out[i])
	}
	return out
}
