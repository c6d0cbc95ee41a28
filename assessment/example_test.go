package assessment_test

import (
	"context"
	"fmt"

	"github.com/zerenlab/zeren/assessment"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
)

// Score 示例市's units for 2026 and print the ranking with grades.
func Example() {
	ctx := context.Background()
	e, err := assessment.New(ctx, sample.IndicatorSystem(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	run, err := e.Run(ctx, sample.Facts2026(), assessment.WithReviews(sample.Reviews2026()...))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range run.Results {
		fmt.Println(r.GetRank(), r.GetUnitId(), r.GetScore(), e.GradeName(r.GetGradeId()), r.GetVetoIds())
	}
	// Output:
	// 1 sws 99.74 好 []
	// 2 czj 97.45 好 []
	// 3 sjj 93.39 好 []
	// 4 mzj 93.39 较好 []
	// 5 zrzyj 91.78 较好 []
	// 6 fgw 91.63 较好 []
	// 7 jyj 90.97 较好 []
	// 8 wjw 88.18 较好 []
	// 9 rsj 70.64 一般 []
	// 10 jtj 92.90 差 [V1]
	// 11 zjj 61.74 差 [V2 review.satisfaction]
}

// A formula that does not compile is reported with its position, in
// Chinese for the administrator.
func ExampleNew() {
	sys := &zerenv1.IndicatorSystem{Indicators: []*zerenv1.Indicator{{
		Id: "1.1", Name: "落实“第一议题”制度", MaxPoints: 10,
		Formula: `completion_rate(facts.assignment)`,
	}}}
	_, err := assessment.New(context.Background(), sys, nil)
	if ve, ok := err.(*assessment.ValidationError); ok {
		for _, p := range ve.Problems {
			fmt.Println(p.Line, p.Column, p.Zh())
		}
	}
	// Output:
	// 1 22 指标“1.1”（落实“第一议题”制度）：formula：第1行第22列：未定义的字段 'assignment'，是否要写 'assignments'？
}

// Exact rounding: 89.995 points, half up, is 90.00 — not 89.99, as the
// binary float would round.
func ExampleEngine_Score() {
	sys := &zerenv1.IndicatorSystem{Indicators: []*zerenv1.Indicator{{
		Id: "1", Name: "得分", MaxPoints: 100, PointsFormula: true, Formula: `facts.metrics["points"]`,
	}}}
	e, _ := assessment.New(context.Background(), sys, nil)
	r := e.Score(context.Background(), &zerenv1.UnitFacts{Unit: &zerenv1.Unit{Id: "u"}, Metrics: map[string]float64{"points": 89.995}})
	fmt.Println(r.GetScore())
	// Output: 90.00
}
