package unitfacts_test

import (
	"context"
	"fmt"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/unitfacts"
)

// Build the facts of 示例市's units for 2026 from the OA's records: the
// decomposed plan, the progress reported, the findings and cases.
func ExampleBuild() {
	in := sample.Input2026() // what the OA keeps; its own database in practice
	facts, err := unitfacts.Build(context.Background(), sample.Hierarchy(), in)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range facts {
		if f.GetUnit().GetId() != sample.WeakUnitID {
			continue
		}
		var meetings, met int
		for _, a := range f.GetAssignments() {
			if a.GetTaskKind() == "三会一课" {
				meetings++
				if a.GetStatus() == zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE {
					met++
				}
			}
		}
		fmt.Printf("%s（顶层组织 %s）：分解任务 %d 项，其中“三会一课” %d 项、完成 %d 项；督查发现 %d 个，督办 %d 件\n",
			f.GetUnit().GetShortName(), f.GetOrganization().GetName(), len(f.GetAssignments()), meetings, met,
			len(f.GetFindings()), len(f.GetCases()))
	}
	// Output:
	// 市住房城乡建设局（顶层组织 中共示例市住房和城乡建设局党组）：分解任务 402 项，其中“三会一课” 60 项、完成 53 项；督查发现 3 个，督办 2 件
}
