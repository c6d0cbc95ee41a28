package responsibility_test

import (
	"fmt"
	"time"

	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
)

// Holders are asked as of a date: on the day of a rotation the new 党组书记
// answers.
func ExampleHierarchy_Holders() {
	h, err := responsibility.New(frameworks.SanjiWugang(), sample.Structure())
	if err != nil {
		panic(err)
	}
	for _, at := range []time.Time{sample.RotationDate.AddDate(0, 0, -1), sample.RotationDate} {
		holders, _ := h.Holders(sample.RotationPostID, at)
		fmt.Println(at.Format(time.DateOnly), holders[0].GetPersonName())
	}
	// Output:
	// 2026-06-30 周启明
	// 2026-07-01 叶思远
}

// Liability follows whoever held the posts when the failure happened.
func ExampleHierarchy_Liability() {
	h, _ := responsibility.New(frameworks.SanjiWugang(), sample.Structure())
	r, _ := h.Liability(sample.RotationBranchID, sample.RotationDate.AddDate(0, -1, 0),
		responsibility.InDutyArea("party-building"))
	for _, l := range r.GetLiabilities() {
		if p, ok := h.Person(l.GetPersonId()); ok && l.GetKind() != zerenv1.LiabilityKind_LIABILITY_KIND_IMPORTANT {
			fmt.Println(responsibility.LiabilityName(l.GetKind()), p.GetName())
		}
	}
	// Output:
	// 主要领导责任 蒋文斌
	// 主要领导责任 周启明
	// 主要领导责任 韩玉洁
	// 监督责任 陆雅琴
}

// New reports every problem of the input at once, each naming the record.
func ExampleNew_validation() {
	s := sample.Structure()
	s.Organizations[3].ParentId = "no-such-org"
	s.Appointments[0].End = s.Appointments[0].Start
	_, err := responsibility.New(frameworks.SanjiWugang(), s)
	fmt.Println(err)
	// Output:
	// responsibility: 2 problem(s) in the input
	//   organization "gw-b2" (中共示例市直属机关工作委员会离退休干部支部委员会): parent_id: parent "no-such-org" does not exist
	//   appointment "a-gw-pg-sec-1" (程立衡): end: ends 2022-06-01, not after it starts 2022-06-01
}
