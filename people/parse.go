package people

import (
	"github.com/zerenlab/zeren/internal/codec"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// DecodeError reports a document that is not valid JSON or text format for
// its message, or is larger than [MaxDocumentSize]. Its Path names the
// field at fault in a JSON document (e.g. "schemes[0].raterGroups[1].weight")
// and its Err carries the decoder's line and column. Recover it with
// errors.As. It is the same type as assessment.DecodeError.
type DecodeError = codec.DecodeError

// MaxDocumentSize is the largest document the Parse functions accept.
const MaxDocumentSize = codec.MaxDocumentSize

// ParseReviewPlan decodes a 述职评议 plan (zeren.v1.ReviewPlan: its period
// and the schemes by post kind) from JSON (protojson) or text format,
// detected from the first non-blank byte: '{' means JSON. Unknown fields are
// errors, so a misspelt field cannot silently drop data. It returns a
// *[DecodeError]; the content is checked against the structure by
// [NewPlan].
func ParseReviewPlan(data []byte) (*zerenv1.ReviewPlan, error) {
	p := &zerenv1.ReviewPlan{}
	if err := codec.Unmarshal("review plan", data, codec.Auto, p); err != nil {
		return nil, err
	}
	return p, nil
}

// ParseEligibilityRules decodes a set of eligibility rules (评先评优、选拔任用
// 的基本条件) like [ParseReviewPlan]: a zeren.v1.PutEligibilityRulesRequest
// (`{"id": "2026", "rules": [...]}`, the set zerend stores) or a bare JSON
// array of zeren.v1.EligibilityRule; error paths read "rules[1].condition".
// It returns the set's id ("" for a bare array) and the rules, whose
// conditions [NewRules] compiles.
func ParseEligibilityRules(data []byte) (string, []*zerenv1.EligibilityRule, error) {
	set := &zerenv1.PutEligibilityRulesRequest{}
	if err := codec.Unmarshal("eligibility rules", codec.WrapArray(data, "rules"), codec.Auto, set); err != nil {
		return "", nil, err
	}
	return set.GetId(), set.GetRules(), nil
}

// ParseTalk decodes a talk record (zeren.v1.Talk: the 约谈 of a decided
// proposal, its commitments and follow-up) like [ParseReviewPlan], for an
// OA that records talks held outside zerend; [OpenTalk] and [Close] check
// its content.
func ParseTalk(data []byte) (*zerenv1.Talk, error) {
	t := &zerenv1.Talk{}
	if err := codec.Unmarshal("talk", data, codec.Auto, t); err != nil {
		return nil, err
	}
	return t, nil
}
