package sample

import (
	_ "embed"
	"fmt"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Tasks of note on 示例市's 2026 任务清单 ([Plan]).
const (
	// PlanID is the id of the 2026 plan.
	PlanID = "2026"
	// FirstTopicTaskID is T01 落实“第一议题”制度: the 党组（党委）书记 of every
	// unit, twelve studies a year split by month — the task that follows the
	// 党组书记 rotation at 市财政局.
	FirstTopicTaskID = "T01"
	// BranchFirstTopicTaskID is T02 党支部落实“第一议题”学习: every 党支部书记,
	// monthly.
	BranchFirstTopicTaskID = "T02"
	// InterviewTaskID is T41 开展廉政约谈: ten 约谈 a year split by quarter,
	// remainder first (3, 3, 2, 2).
	InterviewTaskID = "T41"
	// ReviewTaskID is T04 开展党组（党委）书记抓党建述职评议: done or not
	// done, due 2026-03-31.
	ReviewTaskID = "T04"
)

var (
	//go:embed data/plan-2026.json
	planJSON []byte

	// The parsed plan; never modified after init, handed out as clones.
	plan = mustParsePlan("data/plan-2026.json", planJSON)
)

func mustParsePlan(name string, b []byte) *zerenv1.Plan {
	p := &zerenv1.Plan{}
	if err := (protojson.UnmarshalOptions{}).Unmarshal(b, p); err != nil {
		// A malformed embedded file is a programmer error caught by the
		// package tests.
		panic(fmt.Sprintf("sample: parse %s: %v", name, err))
	}
	return p
}

// Plan returns 示例市's 2026 三个清单 (zeren.v1.Plan, framework
// "sanji-wugang"), shaped like the seed report's 《市直单位基层党建工作任务
// “三个清单”》: a 问题清单 of 20 problems and a 任务清单 of 60 tasks over the
// seven 建设维度 (政治建设, 思想建设, 组织建设, 作风建设, 党风廉政建设, 队伍建设,
// 群团建设), each task answering one or two problems, owned by one of the
// five posts (党组（党委）书记, 党组（党委）其他成员, 机关党委书记, 机关纪委书记,
// 党支部书记) at the level of its scope, with a 牵头部门, a quantified measure
// split by year, half, quarter or month, a 完成时限 in 2026 and a weight;
// and a 责任清单 with one entry per task. It validates against [Structure].
// Each call returns a new copy.
func Plan() *zerenv1.Plan {
	return proto.Clone(plan).(*zerenv1.Plan)
}
