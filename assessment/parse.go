package assessment

import (
	"github.com/zerenlab/zeren/internal/codec"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// DecodeError reports a document that is not valid JSON or text format for
// its message, or is larger than [MaxDocumentSize]. Its Path names the
// field at fault in a JSON document (e.g. "indicators[2].children[0].formula")
// and its Err carries the decoder's line and column. Recover it with
// errors.As. It is the same type as responsibility.DecodeError.
type DecodeError = codec.DecodeError

// MaxDocumentSize is the largest document the Parse functions accept.
const MaxDocumentSize = codec.MaxDocumentSize

// ParseIndicatorSystem decodes an indicator system (zeren.v1.IndicatorSystem:
// the indicator tree, bonuses, deductions, vetoes, grade scale and review
// scheme) from JSON (protojson) or text format, detected from the first
// non-blank byte: '{' means JSON. Unknown fields are errors, so a misspelt
// field cannot silently drop data. It returns a *[DecodeError]; the content
// is validated, and the formulas compiled, by [New].
func ParseIndicatorSystem(data []byte) (*zerenv1.IndicatorSystem, error) {
	s := &zerenv1.IndicatorSystem{}
	if err := codec.Unmarshal("indicator system", data, codec.Auto, s); err != nil {
		return nil, err
	}
	return s, nil
}

// ParseReviewScheme decodes a 述职评议 scheme (zeren.v1.ReviewScheme: rater
// groups, choice scores, trimming, satisfaction threshold) like
// [ParseIndicatorSystem], for an OA that keeps the scheme apart from the
// indicator system (set it as the system's review).
func ParseReviewScheme(data []byte) (*zerenv1.ReviewScheme, error) {
	s := &zerenv1.ReviewScheme{}
	if err := codec.Unmarshal("review scheme", data, codec.Auto, s); err != nil {
		return nil, err
	}
	return s, nil
}

// ParseReviews decodes the 述职评议 ballots of a period (zeren.v1.ReviewSet,
// `{"reviews": [...]}`, or a bare JSON array of zeren.v1.Review) like
// [ParseIndicatorSystem]; error paths read "reviews[3].ballots[0].choice".
// The ballots are checked against the scheme by [Engine.Run] ([WithReviews]).
func ParseReviews(data []byte) ([]*zerenv1.Review, error) {
	set := &zerenv1.ReviewSet{}
	if err := codec.Unmarshal("reviews", codec.WrapArray(data, "reviews"), codec.Auto, set); err != nil {
		return nil, err
	}
	return set.GetReviews(), nil
}
