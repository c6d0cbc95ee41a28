package assessment

import (
	"context"
	"fmt"

	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"google.golang.org/protobuf/proto"
)

// ReviewScorer scores 述职评议 ballots under one [zerenv1.ReviewScheme] of a
// review plan (one scheme per post kind and level), outside any indicator
// system. It uses the same machinery as the system's own review: rater
// groups with weights and quorums, choice scores, trimming, satisfaction.
// A ReviewScorer is immutable and safe for concurrent use.
type ReviewScorer struct {
	e *Engine
}

// NewReviewScorer validates a scheme found at path (e.g. "schemes[1]", used
// to name problems) and compiles it, keeping precision decimal places (0
// means 2) and rounding half up. It returns a [*ValidationError] naming
// every problem. A scheme of a plan has no grade scale, so its
// below_threshold_grade_id is not checked here.
func NewReviewScorer(rs *zerenv1.ReviewScheme, path string, precision int32) (*ReviewScorer, error) {
	if rs == nil {
		return nil, problem.New("assessment", []Problem{{Code: problem.MissingField, Record: "review", Path: path,
			Message: "the review scheme is empty", MessageZh: "述职评议方案为空"}})
	}
	e := &Engine{sys: &zerenv1.IndicatorSystem{Review: proto.Clone(rs).(*zerenv1.ReviewScheme), Precision: precision}, cfg: defaultConfig()}
	b := &builder{ctx: context.Background(), e: e, ids: map[string]string{}}
	e.prec = defaultPrecision
	if precision != 0 {
		if precision < 0 || precision > maxPrecision {
			b.add(Problem{Record: "review", Path: path, ID: rs.GetId(), Name: rs.GetName(), Field: "precision",
				Message:   fmt.Sprintf("precision %d is outside 0–%d", precision, maxPrecision),
				MessageZh: fmt.Sprintf("精度 %d 超出 0–%d 位的范围", precision, maxPrecision)})
		} else {
			e.prec = int(precision)
		}
	}
	e.rule = zerenv1.ScoreRounding_SCORE_ROUNDING_HALF_UP
	e.review = b.compileScheme(e.sys.GetReview(), path, true)
	if err := b.ps.err(); err != nil {
		return nil, err
	}
	return &ReviewScorer{e: e}, nil
}

// Check reports what is wrong with a review's ballots (unknown rater group,
// unknown choice, negative count), each at path.ballots[i].
func (s *ReviewScorer) Check(rv *zerenv1.Review, path string) []Problem {
	return s.e.checkReview(rv, path)
}

// Score scores a review's ballots; ballots that [ReviewScorer.Check]
// rejects are skipped. Only score, satisfaction, groups_below_quorum and
// valid are set; the caller names the review, post and person.
func (s *ReviewScorer) Score(rv *zerenv1.Review) *zerenv1.ReviewResult {
	return s.e.scoreReview(rv).res
}

// Precision returns the decimal places kept in scores.
func (s *ReviewScorer) Precision() int { return s.e.prec }
