package sample

import (
	_ "embed"
	"encoding/json"
	"fmt"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// The assessment of 2026 (综合考核): the indicator system 示例市's 市直机关工委
// scores its units with, and the 述职评议 ballots of the units' 党组（党委）书记.
//
// The indicator system has six 一级指标 — 政治建设 (20), 思想建设 (15), 组织建设
// (20), 作风建设与党风廉政建设 (20), 队伍建设与群团建设 (10), 党建与业务融合 (15) —
// each with two or three 二级指标 whose CEL formulas read the year's
// assignments — selected by what the work is, the task's kind or dimension
// on [Plan] (3.1 落实“三会一课”和主题党日 reads the kinds 三会一课 and 主题党日,
// T19–T22; 5.2 群团组织建设 the 群团建设 dimension), never by task ids, and
// each reading only tasks of the dimension it scores; see [Facts2026] —
// inspection findings,
// supervision cases, custom metrics and the business score; two bonus
// items (党建品牌获市级以上表彰 +2 each, cap 3; 经验被上级推广 +1 each, cap 2);
// two deduction items (督查发现问题 −1 each, cap 10, halved when every finding
// was self-reported, doubled when one was concealed; 督办整改超期 −0.5 each,
// cap 3, doubled on a yellow card); two vetoes (严重违纪违法案件 → 差;
// 意识形态工作被通报 → at best 一般); the grade scale 好/较好/一般/差 at 90/80/70
// with 好 ≤ 30% of units and ties broken by the review; and a review
// scheme of three rater groups (市委领导 30, 市直机关工委 30, 干部职工代表 40, with
// quorums 3, 5 and 20), 5% trimming and a satisfaction threshold of 50%
// below which the grade is at best 一般. Scores keep two decimals, rounded
// half up.

// The system names the plan it scores (plan_id [PlanID], plan_year [Year]);
// assessment.WithPlan checks every task kind its formulas name against it.

// IndicatorsID is the id of the 2026 indicator system.
const IndicatorsID = "sz-2026"

// Units of the 2026 assessment that examples and tests rely on.
const (
	// WeakUnitID is 示例市住房和城乡建设局: many tasks overdue, findings one of
	// which was concealed, and a review below the satisfaction threshold.
	WeakUnitID = "zjj"
	// VetoUnitID is 示例市交通运输局: a fair score, but a severe integrity
	// case (严重违纪违法案件) forces its grade to 差.
	VetoUnitID = "jtj"
	// TiedUnitA and TiedUnitB are 示例市民政局 and 示例市审计局, tied on score
	// at the boundary of the 好 quota: the tie rule decides which (if
	// either) is 好. 示例市审计局 has the better review.
	TiedUnitA, TiedUnitB = "mzj", "sjj"
	// QuorumUnitID is 示例市发展和改革委员会, whose 干部职工 group missed its
	// quorum, so its review counts the other two groups only.
	QuorumUnitID = DevelopmentUnitID
)

var (
	//go:embed data/indicators-2026.json
	indicatorsJSON []byte
	//go:embed data/reviews-2026.json
	reviewsJSON []byte
)

// IndicatorSystem returns 示例市's 2026年度市直机关党建工作综合考核指标体系. Each
// call returns a new copy.
func IndicatorSystem() *zerenv1.IndicatorSystem {
	s := &zerenv1.IndicatorSystem{}
	mustUnmarshal("data/indicators-2026.json", indicatorsJSON, s)
	return s
}

// Reviews2026 returns the 2026 述职评议 ballots of the eleven assessed units'
// 党组（党委）书记, one review per unit in unit order (市财政局's is given by
// 叶思远, secretary since [RotationDate]). Each call returns new copies.
func Reviews2026() []*zerenv1.Review {
	var raw []json.RawMessage
	if err := json.Unmarshal(reviewsJSON, &raw); err != nil {
		panic(fmt.Sprintf("sample: data/reviews-2026.json: %v", err))
	}
	out := make([]*zerenv1.Review, len(raw))
	for i, r := range raw {
		out[i] = &zerenv1.Review{}
		mustUnmarshal(fmt.Sprintf("data/reviews-2026.json[%d]", i), r, out[i])
	}
	return out
}

// mustUnmarshal decodes embedded protojson; the data are tested, so a
// failure is a programmer error.
func mustUnmarshal(name string, b []byte, m proto.Message) {
	if err := protojson.Unmarshal(b, m); err != nil {
		panic(fmt.Sprintf("sample: %s: %v", name, err))
	}
}
