package cel

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	celgo "cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/traits"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/timestamppb"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// maxRendered bounds the text of one rendered input.
const maxRendered = 200

// maxItems bounds how many items of a list an input names; the rest are
// counted ("… 共 52 项").
const maxItems = 20

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
// The range of a filter in traced (see [Env.compileFilters]) is not
// recorded: the filter's own input names what it kept.
func collectInputs(a *celast.AST, traced map[int64]bool) []inputPath {
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
			if !traced[x.ID()] {
				walk(c.IterRange(), shadow)
			}
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
		case name == varFacts || name == varResult || name == varPerson:
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

// renderInputs renders the value of every input path and names the items
// every traced filter kept.
func (p *Program) renderInputs(facts *zerenv1.UnitFacts, result *zerenv1.Result, person *zerenv1.PersonOutcome, n keptSource) []*zerenv1.Input {
	if len(p.inputs) == 0 && len(p.filters) == 0 {
		return nil
	}
	if result == nil {
		result = noResult
	}
	if person == nil {
		person = noPerson
	}
	out := make([]*zerenv1.Input, len(p.inputs), len(p.inputs)+len(p.filters))
	for i, in := range p.inputs {
		var root proto.Message = facts
		switch in.root {
		case varResult:
			root = result
		case varPerson:
			root = person
		}
		out[i] = &zerenv1.Input{Path: in.text, Value: p.env.valueAt(root.ProtoReflect(), in.segs)}
	}
	if len(p.filters) > 0 {
		out = append(out, p.renderFilters(facts, result, person, n)...)
		slices.SortStableFunc(out, func(a, b *zerenv1.Input) int { return strings.Compare(a.GetPath(), b.GetPath()) })
	}
	return out
}

// noResult and noPerson stand for an absent result or person outcome when
// rendering inputs; they are only read, never written, so sharing them is
// safe (and saves two allocations per traced evaluation).
var (
	noResult = &zerenv1.Result{}
	noPerson = &zerenv1.PersonOutcome{}
)

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
		l := v.List()
		return e.items(l.Len(), func(i int) string { return e.item(l.Get(i), fd) })
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

// items renders a list of n items as their names, at most maxItems of
// them: "3 项 items: A1, A2, A3", or "52 项 items: A1, …, A20 … 共 52 项".
func (e *Env) items(n int, name func(int) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d 项 items", n)
	for i := range min(n, maxItems) {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(name(i))
	}
	if n > maxItems {
		fmt.Fprintf(&b, " … 共 %d 项", n)
	}
	return b.String()
}

// item names one element of a list field: a message by its id (or, without
// one, its fields), a scalar by its value.
func (e *Env) item(v protoreflect.Value, fd protoreflect.FieldDescriptor) string {
	if fd.Message() != nil {
		return e.messageName(v.Message())
	}
	return e.format(v, fd, true, 1)
}

// messageName names a message by its id field, else renders it.
func (e *Env) messageName(m protoreflect.Message) string {
	if f := m.Descriptor().Fields().ByName("id"); f != nil && f.Kind() == protoreflect.StringKind {
		if id := m.Get(f).String(); id != "" {
			return truncate(id)
		}
	}
	// The records of a person outcome (PostHeld, UnitGrade,
	// ProposalDecision …) are named by their first reference, e.g. the
	// proposal_id or the unit_id.
	if m.Descriptor().ParentFile().Path() == "zeren/v1/people.proto" {
		fs := m.Descriptor().Fields()
		for i := range fs.Len() {
			f := fs.Get(i)
			if f.Kind() == protoreflect.StringKind && !f.IsList() && strings.HasSuffix(string(f.Name()), "_id") {
				if id := m.Get(f).String(); id != "" {
					return truncate(id)
				}
			}
		}
	}
	return e.formatMessage(m, 1)
}

// filterTrace is a filter over the facts (list.filter(x, p)) in a rule,
// compiled on its own so that a traced evaluation can name the items it
// kept.
type filterTrace struct {
	text string // the filter's source, e.g. facts.assignments.filter(a, a.task_id == "T01")
	prg  celgo.Program
	id   int64 // the filter's comprehension
}

// compileFilters finds the filters a rule applies to its facts, outside any
// other comprehension (so that they read only the rule's variables), and
// compiles each as a rule of its own. It returns them and the ids of their
// comprehensions. A filter that does not compile on its own is not traced.
func (e *Env) compileFilters(a *celast.AST) ([]filterTrace, map[int64]bool) {
	var out []filterTrace
	traced := map[int64]bool{}
	texts := map[int64]string{} // a traced filter's text, by comprehension id
	seen := map[string]bool{}
	var walk func(x celast.Expr)
	walk = func(x celast.Expr) {
		if x == nil {
			return
		}
		switch x.Kind() {
		case celast.SelectKind:
			walk(x.AsSelect().Operand())
		case celast.CallKind:
			call := x.AsCall()
			if call.IsMemberFunction() {
				walk(call.Target())
			}
			for _, arg := range call.Args() {
				walk(arg)
			}
		case celast.ListKind:
			for _, el := range x.AsList().Elements() {
				walk(el)
			}
		case celast.MapKind:
			for _, en := range x.AsMap().Entries() {
				walk(en.AsMapEntry().Key())
				walk(en.AsMapEntry().Value())
			}
		case celast.StructKind:
			for _, f := range x.AsStruct().Fields() {
				walk(f.AsStructField().Value())
			}
		case celast.ComprehensionKind:
			// Only the range is outside the comprehension's scope.
			c := x.AsComprehension()
			walk(c.IterRange()) // first, so that a filter of a filter finds its range's text
			if pred, ok := filterPredicate(c); ok {
				if ft, ok := e.compileFilter(a, x, pred, texts); ok {
					traced[x.ID()], texts[x.ID()] = true, ft.text
					if !seen[ft.text] {
						seen[ft.text] = true
						out = append(out, ft)
					}
				}
			}
		}
	}
	walk(a.Expr())
	slices.SortFunc(out, func(a, b filterTrace) int { return strings.Compare(a.text, b.text) })
	return out, traced
}

// filterPredicate reports whether c is the expansion of the filter macro,
// range.filter(x, pred): an empty list accumulated by
// pred ? accu + [x] : accu; and returns pred.
func filterPredicate(c celast.ComprehensionExpr) (celast.Expr, bool) {
	isIdent := func(x celast.Expr, name string) bool {
		return x.Kind() == celast.IdentKind && x.AsIdent() == name
	}
	init, step := c.AccuInit(), c.LoopStep()
	if c.HasIterVar2() || init.Kind() != celast.ListKind || len(init.AsList().Elements()) != 0 ||
		step.Kind() != celast.CallKind || step.AsCall().FunctionName() != operators.Conditional {
		return nil, false
	}
	args := step.AsCall().Args()
	if len(args) != 3 || !isIdent(args[2], c.AccuVar()) || args[1].Kind() != celast.CallKind {
		return nil, false
	}
	add := args[1].AsCall()
	if add.FunctionName() != operators.Add || len(add.Args()) != 2 || !isIdent(add.Args()[0], c.AccuVar()) ||
		add.Args()[1].Kind() != celast.ListKind {
		return nil, false
	}
	els := add.Args()[1].AsList().Elements()
	if len(els) != 1 || !isIdent(els[0], c.IterVar()) {
		return nil, false
	}
	return args[0], true
}

// compileFilter makes a program of the filter x of the checked rule a, and
// its text: range.filter(x, pred), or range.filter(x, …) when the
// predicate cannot be printed (a nested macro).
func (e *Env) compileFilter(a *celast.AST, x, pred celast.Expr, texts map[int64]string) (filterTrace, bool) {
	info := a.SourceInfo()
	c := x.AsComprehension()
	rng, ok := texts[c.IterRange().ID()]
	if !ok {
		var err error
		if rng, err = celgo.ExprToString(c.IterRange(), info); err != nil {
			return filterTrace{}, false
		}
		rng = unqualify(rng)
	}
	cond, err := celgo.ExprToString(pred, info)
	if err != nil {
		cond = "…"
	}
	cond = unqualify(cond)
	sub := celast.NewCheckedAST(celast.NewAST(x, info), a.TypeMap(), a.ReferenceMap())
	pb, err := celast.ToProto(sub)
	if err != nil {
		return filterTrace{}, false
	}
	prg, err := e.cel.Program(celgo.CheckedExprToAst(pb))
	if err != nil {
		return filterTrace{}, false
	}
	return filterTrace{text: rng + ".filter(" + c.IterVar() + ", " + cond + ")", prg: prg, id: x.ID()}, true
}

// renderFilters evaluates each traced filter and names the items it kept.
func (p *Program) renderFilters(facts *zerenv1.UnitFacts, result *zerenv1.Result, person *zerenv1.PersonOutcome, n keptSource) []*zerenv1.Input {
	out := make([]*zerenv1.Input, 0, len(p.filters))
	for _, f := range p.filters {
		in := &zerenv1.Input{Path: f.text}
		if n != nil {
			if s, ok := n.filterValue(p, f.id); ok {
				// The evaluation kept the items as it went.
				in.Value = s
				out = append(out, in)
				continue
			}
		}
		v, _, err := f.prg.Eval(&activation{env: p.env, facts: facts, result: result, person: person})
		l, ok := v.(traits.Lister)
		switch {
		case err != nil:
			in.Value = "error: " + truncate(err.Error())
		case !ok:
			in.Value = "?"
		default:
			n := int(l.Size().(types.Int))
			in.Value = p.env.items(n, func(i int) string {
				el := l.Get(types.Int(i))
				if m, ok := el.Value().(proto.Message); ok {
					return p.env.messageName(m.ProtoReflect())
				}
				return truncate(fmt.Sprint(el.Value()))
			})
		}
		out = append(out, in)
	}
	return out
}

// unqualify drops the package the checker adds to enum names
// (zeren.v1.Dimension.X → Dimension.X), so that a filter reads as written.
func unqualify(s string) string { return strings.ReplaceAll(s, "zeren.v1.", "") }
