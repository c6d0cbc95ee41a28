package cel

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/timestamppb"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// maxRendered bounds the text of one rendered input.
const maxRendered = 200

// segment is one step of an input path: a field or map key (name) or a list
// index.
type segment struct {
	name  string
	index int64
	isIdx bool
}

// inputPath is a path from facts or result that a rule reads, found in the
// checked rule: a chain of field selections, constant map keys and constant
// list indexes rooted at a variable.
type inputPath struct {
	root string // varFacts or varResult
	segs []segment
	text string // e.g. "facts.metrics.party_fee_rate"
}

// collectInputs returns the maximal paths the rule reads, sorted and unique.
func collectInputs(a *celast.AST) []inputPath {
	found := map[string]inputPath{}
	var walk func(x celast.Expr, shadow map[string]bool)
	walk = func(x celast.Expr, shadow map[string]bool) {
		if x == nil {
			return
		}
		if p, ok := chain(x, shadow); ok {
			if p.root != "" {
				p.text = p.render()
				found[p.text] = p
			}
			return
		}
		switch x.Kind() {
		case celast.SelectKind:
			walk(x.AsSelect().Operand(), shadow)
		case celast.CallKind:
			call := x.AsCall()
			if call.IsMemberFunction() {
				walk(call.Target(), shadow)
			}
			for _, arg := range call.Args() {
				walk(arg, shadow)
			}
		case celast.ListKind:
			for _, el := range x.AsList().Elements() {
				walk(el, shadow)
			}
		case celast.MapKind:
			for _, en := range x.AsMap().Entries() {
				walk(en.AsMapEntry().Key(), shadow)
				walk(en.AsMapEntry().Value(), shadow)
			}
		case celast.StructKind:
			for _, f := range x.AsStruct().Fields() {
				walk(f.AsStructField().Value(), shadow)
			}
		case celast.ComprehensionKind:
			c := x.AsComprehension()
			walk(c.IterRange(), shadow)
			walk(c.AccuInit(), shadow)
			inner := make(map[string]bool, len(shadow)+3)
			for k := range shadow {
				inner[k] = true
			}
			inner[c.IterVar()], inner[c.AccuVar()] = true, true
			if c.HasIterVar2() {
				inner[c.IterVar2()] = true
			}
			walk(c.LoopCondition(), inner)
			walk(c.LoopStep(), inner)
			walk(c.Result(), inner)
		}
	}
	walk(a.Expr(), map[string]bool{})
	out := make([]inputPath, 0, len(found))
	for _, p := range found {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b inputPath) int { return strings.Compare(a.text, b.text) })
	return out
}

// chain reports whether x is a path rooted at a variable (ok), and which.
// A path rooted at a shadowed name or another identifier has an empty root.
func chain(x celast.Expr, shadow map[string]bool) (inputPath, bool) {
	switch x.Kind() {
	case celast.IdentKind:
		name := x.AsIdent()
		switch {
		case shadow[name]:
			return inputPath{}, false
		case name == varFacts || name == varResult:
			return inputPath{root: name}, true
		}
		if field, ok := aliasField(name); ok {
			return inputPath{root: varFacts, segs: []segment{{name: field}}}, true
		}
	case celast.SelectKind:
		sel := x.AsSelect()
		if p, ok := chain(sel.Operand(), shadow); ok {
			return p.with(segment{name: sel.FieldName()}), true
		}
	case celast.CallKind:
		call := x.AsCall()
		fn := call.FunctionName()
		if (fn != operators.Index && fn != operators.OptSelect && fn != operators.OptIndex) || len(call.Args()) != 2 {
			return inputPath{}, false
		}
		p, ok := chain(call.Args()[0], shadow)
		key := call.Args()[1]
		if !ok || key.Kind() != celast.LiteralKind {
			return inputPath{}, false
		}
		switch k := key.AsLiteral().(type) {
		case types.String:
			return p.with(segment{name: string(k)}), true
		case types.Int:
			return p.with(segment{index: int64(k), isIdx: true}), true
		}
	}
	return inputPath{}, false
}

func (p inputPath) with(s segment) inputPath {
	p.segs = append(slices.Clip(p.segs), s)
	return p
}

// render writes the path, e.g. facts.assignments[0].actual or
// facts.metrics["第一议题"].
func (p inputPath) render() string {
	var b strings.Builder
	b.WriteString(p.root)
	for _, s := range p.segs {
		switch {
		case s.isIdx:
			fmt.Fprintf(&b, "[%d]", s.index)
		case isIdent(s.name):
			b.WriteString(".")
			b.WriteString(s.name)
		default:
			b.WriteString("[")
			b.WriteString(strconv.Quote(s.name))
			b.WriteString("]")
		}
	}
	return b.String()
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// renderInputs renders the value of every input path.
func (p *Program) renderInputs(facts *zerenv1.UnitFacts, result *zerenv1.Result) []*zerenv1.Input {
	if len(p.inputs) == 0 {
		return nil
	}
	if result == nil {
		result = &zerenv1.Result{}
	}
	out := make([]*zerenv1.Input, len(p.inputs))
	for i, in := range p.inputs {
		var root proto.Message = facts
		if in.root == varResult {
			root = result
		}
		out[i] = &zerenv1.Input{Path: in.text, Value: p.env.valueAt(root.ProtoReflect(), in.segs)}
	}
	return out
}

// valueAt follows segs from m and renders the value found, or "absent".
func (e *Env) valueAt(m protoreflect.Message, segs []segment) string {
	const absent = "absent"
	var fd protoreflect.FieldDescriptor // describes v; nil for the root
	v := protoreflect.ValueOfMessage(m)
	inList := false // v is a list element, typed by fd without its repetition
	for _, s := range segs {
		switch {
		case fd != nil && fd.IsList() && !inList:
			l := v.List()
			if !s.isIdx || s.index < 0 || s.index >= int64(l.Len()) {
				return absent
			}
			v, inList = l.Get(int(s.index)), true
		case fd != nil && fd.IsMap():
			if s.isIdx || fd.MapKey().Kind() != protoreflect.StringKind {
				return absent
			}
			mv := v.Map().Get(protoreflect.ValueOfString(s.name).MapKey())
			if !mv.IsValid() {
				return absent
			}
			v, fd, inList = mv, fd.MapValue(), false
		case fd == nil || fd.Message() != nil:
			if s.isIdx {
				return absent
			}
			msg := v.Message()
			f := msg.Descriptor().Fields().ByName(protoreflect.Name(s.name))
			if f == nil {
				return absent
			}
			v, fd, inList = msg.Get(f), f, false
		default:
			return absent
		}
	}
	return e.format(v, fd, inList, 0)
}

// format renders a value deterministically.
func (e *Env) format(v protoreflect.Value, fd protoreflect.FieldDescriptor, inList bool, depth int) string {
	switch {
	case fd == nil:
		return e.formatMessage(v.Message(), depth)
	case fd.IsList() && !inList:
		return fmt.Sprintf("list(%d)", v.List().Len())
	case fd.IsMap():
		return fmt.Sprintf("map(%d)", v.Map().Len())
	}
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return strconv.FormatBool(v.Bool())
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return strconv.FormatInt(v.Int(), 10)
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind, protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return strconv.FormatUint(v.Uint(), 10)
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case protoreflect.StringKind:
		return truncate(v.String())
	case protoreflect.BytesKind:
		return fmt.Sprintf("bytes(%d)", len(v.Bytes()))
	case protoreflect.EnumKind:
		if ev := fd.Enum().Values().ByNumber(v.Enum()); ev != nil {
			return string(ev.Name())
		}
		return strconv.FormatInt(int64(v.Enum()), 10)
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return e.formatMessage(v.Message(), depth)
	}
	return "?"
}

// formatMessage renders a timestamp in the environment's zone and any other
// message as its set fields in field-number order, nested one level deep.
func (e *Env) formatMessage(m protoreflect.Message, depth int) string {
	if ts, ok := m.Interface().(*timestamppb.Timestamp); ok {
		if !m.IsValid() {
			return "unset"
		}
		return ts.AsTime().In(e.cfg.location).Format(time.RFC3339Nano)
	}
	if depth > 0 {
		return "{…}"
	}
	var b strings.Builder
	b.WriteString("{")
	fields := m.Descriptor().Fields()
	n := 0
	for i := range fields.Len() {
		f := fields.Get(i)
		if !m.Has(f) {
			continue
		}
		if n > 0 {
			b.WriteString(", ")
		}
		n++
		b.WriteString(string(f.Name()))
		b.WriteString(": ")
		b.WriteString(e.format(m.Get(f), f, false, depth+1))
		if b.Len() > maxRendered {
			break
		}
	}
	b.WriteString("}")
	return truncate(b.String())
}

func truncate(s string) string {
	if len(s) <= maxRendered {
		return s
	}
	cut := maxRendered
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
