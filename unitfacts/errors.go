package unitfacts

import (
	"github.com/zerenlab/zeren/internal/codec"
	"github.com/zerenlab/zeren/problem"
)

// DecodeError reports a facts document that is not valid JSON or text
// format for zeren.v1.FactSet, or is larger than [MaxDocumentSize]. Its Path
// names the field at fault (e.g. "facts[2].assignments[0].due") and its Err
// carries the decoder's position. Recover it with errors.As.
type DecodeError = codec.DecodeError

// MaxDocumentSize is the largest document [Parse] accepts.
const MaxDocumentSize = codec.MaxDocumentSize

// ValidationError lists every problem [Build] found in its input, each
// naming the record ("assignment", "finding", "case", "progress record",
// "input") by id and the field. It is the library's one validation error
// type, shared with packages responsibility and checklist.
type ValidationError = problem.ValidationError

// Problem is one thing wrong with the input.
type Problem = problem.Problem
