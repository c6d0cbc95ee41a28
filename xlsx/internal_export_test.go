package xlsx

import (
	"io"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// WriteAssignmentsInMemory is the 分解表 written cell by cell in memory, as
// before the unit sheets were streamed: the reference of the equivalence
// test and the benchmark.
func WriteAssignmentsInMemory(w io.Writer, plan *zerenv1.Plan, assignments []*zerenv1.Assignment, opts ...Option) error {
	return writeAssignments(w, plan, assignments, false, opts)
}
