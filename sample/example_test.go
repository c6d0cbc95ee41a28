package sample_test

import (
	"fmt"
	"time"

	"github.com/zerenlab/zeren/sample"
)

// Who is 党组书记 of 市财政局 the day before and the day of the rotation?
// (A real caller asks responsibility.Hierarchy; this example reads the data.)
func ExampleStructure() {
	s := sample.Structure()
	names := map[string]string{}
	for _, p := range s.GetPeople() {
		names[p.GetId()] = p.GetName()
	}
	holder := func(postID string, at time.Time) string {
		for _, a := range s.GetAppointments() {
			if a.GetPostId() != postID || at.Before(a.GetStart().AsTime()) {
				continue
			}
			if a.GetEnd() == nil || at.Before(a.GetEnd().AsTime()) {
				return names[a.GetPersonId()]
			}
		}
		return "（空缺）"
	}
	for _, day := range []time.Time{sample.RotationDate.AddDate(0, 0, -1), sample.RotationDate} {
		fmt.Println(day.Format(time.DateOnly), holder(sample.RotationPostID, day))
	}
	// Output:
	// 2026-06-30 周启明
	// 2026-07-01 叶思远
}

// The 四级四岗 cut: the 工委 leads the 党组（党委） of three units.
func ExampleStructureFourLevel() {
	s := sample.StructureFourLevel()
	for _, o := range s.GetOrganizations() {
		if o.GetParentId() == "" || o.GetParentId() == sample.WorkCommitteeOrgID {
			fmt.Println(o.GetLevelId(), o.GetName())
		}
	}
	// Output:
	// work-committee 中共示例市直属机关工作委员会
	// party-group 中共示例市财政局党组
	// party-group 中共示例市发展和改革委员会党组
	// party-group 中共国家税务总局示例市税务局委员会
}
