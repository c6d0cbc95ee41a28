package cel

import (
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// pred is a compiled predicate over one item of a list of the facts. The
// supported predicates cannot fail: they compare the item's scalar fields
// with constants.
type pred func(proto.Message) bool

// ekind is the CEL type of an item's field.
type ekind uint8

const (
	eString ekind = iota + 1
	eInt
	eBool
	eDouble
	eStrings // repeated string, for "tag" in x.tags
)

// field reads one field of an item.
type field struct {
	kind ekind
	s    func(proto.Message) string
	i    func(proto.Message) int64
	b    func(proto.Message) bool
	f    func(proto.Message) float64
	ss   func(proto.Message) []string
}

// itemField returns the reader of a field of an item, with fast paths for
// the fields indicators select by.
func itemField(desc proto.Message, name string) (field, bool) {
	switch desc.(type) {
	case *zerenv1.Assignment:
		switch name {
		case "task_id":
			return field{kind: eString, s: func(m proto.Message) string { return m.(*zerenv1.Assignment).GetTaskId() }}, true
		case "task_kind":
			return field{kind: eString, s: func(m proto.Message) string { return m.(*zerenv1.Assignment).GetTaskKind() }}, true
		case "dimension":
			return field{kind: eInt, i: func(m proto.Message) int64 { return int64(m.(*zerenv1.Assignment).GetDimension()) }}, true
		case "tags":
			return field{kind: eStrings, ss: func(m proto.Message) []string { return m.(*zerenv1.Assignment).GetTags() }}, true
		}
	case *zerenv1.Finding:
		switch name {
		case "dimension":
			return field{kind: eInt, i: func(m proto.Message) int64 { return int64(m.(*zerenv1.Finding).GetDimension()) }}, true
		case "severity":
			return field{kind: eInt, i: func(m proto.Message) int64 { return int64(m.(*zerenv1.Finding).GetSeverity()) }}, true
		}
	}
	fd := desc.ProtoReflect().Descriptor().Fields().ByName(protoreflect.Name(name))
	if fd == nil || fd.IsMap() {
		return field{}, false
	}
	get := func(m proto.Message) protoreflect.Value { return m.ProtoReflect().Get(fd) }
	if fd.IsList() {
		if fd.Kind() != protoreflect.StringKind {
			return field{}, false
		}
		return field{kind: eStrings, ss: func(m proto.Message) []string {
			l := get(m).List()
			out := make([]string, l.Len())
			for i := range out {
				out[i] = l.Get(i).String()
			}
			return out
		}}, true
	}
	switch fd.Kind() {
	case protoreflect.StringKind:
		return field{kind: eString, s: func(m proto.Message) string { return get(m).String() }}, true
	case protoreflect.EnumKind:
		return field{kind: eInt, i: func(m proto.Message) int64 { return int64(get(m).Enum()) }}, true
	case protoreflect.Int32Kind, protoreflect.Int64Kind, protoreflect.Sint32Kind, protoreflect.Sint64Kind,
		protoreflect.Sfixed32Kind, protoreflect.Sfixed64Kind:
		return field{kind: eInt, i: func(m proto.Message) int64 { return get(m).Int() }}, true
	case protoreflect.BoolKind:
		return field{kind: eBool, b: func(m proto.Message) bool { return get(m).Bool() }}, true
	case protoreflect.DoubleKind, protoreflect.FloatKind:
		return field{kind: eDouble, f: func(m proto.Message) float64 { return get(m).Float() }}, true
	}
	return field{}, false
}

// itemSelect reports whether x is iter.f and returns f's reader.
func (c *ncomp) itemSelect(x celast.Expr, iter string, desc proto.Message) (field, bool) {
	if x.Kind() != celast.SelectKind {
		return field{}, false
	}
	s := x.AsSelect()
	if s.IsTestOnly() || s.Operand().Kind() != celast.IdentKind || s.Operand().AsIdent() != iter {
		return field{}, false
	}
	return itemField(desc, s.FieldName())
}

// constOf returns a literal's kind and value.
func constOf(v ref.Val) (ekind, ref.Val, bool) {
	switch v.(type) {
	case types.String:
		return eString, v, true
	case types.Int:
		return eInt, v, true
	case types.Bool:
		return eBool, v, true
	case types.Double:
		return eDouble, v, true
	}
	return 0, nil, false
}

// equalsConst returns the predicate f == v for a constant v of f's kind.
func equalsConst(f field, v ref.Val) pred {
	switch f.kind {
	case eString:
		s := string(v.(types.String))
		return func(m proto.Message) bool { return f.s(m) == s }
	case eInt:
		i := int64(v.(types.Int))
		return func(m proto.Message) bool { return f.i(m) == i }
	case eBool:
		b := bool(v.(types.Bool))
		return func(m proto.Message) bool { return f.b(m) == b }
	default:
		d := float64(v.(types.Double))
		return func(m proto.Message) bool { return f.f(m) == d }
	}
}

// pred compiles a predicate over the item named iter. atoms counts its
// comparisons, for the cost.
func (c *ncomp) pred(x celast.Expr, iter string, desc proto.Message) (pred, int, bool) {
	if v, ok := c.literal(x); ok {
		b, ok := v.(types.Bool)
		if !ok {
			return nil, 0, false
		}
		return func(proto.Message) bool { return bool(b) }, 0, true
	}
	if f, ok := c.itemSelect(x, iter, desc); ok {
		if f.kind != eBool {
			return nil, 0, false
		}
		return f.b, 1, true
	}
	if x.Kind() != celast.CallKind {
		return nil, 0, false
	}
	call := x.AsCall()
	args := call.Args()
	if call.IsMemberFunction() {
		return nil, 0, false
	}
	switch fn := call.FunctionName(); fn {
	case operators.LogicalNot:
		p, n, ok := c.pred(args[0], iter, desc)
		if !ok {
			return nil, 0, false
		}
		return func(m proto.Message) bool { return !p(m) }, n, true
	case operators.LogicalAnd, operators.LogicalOr:
		if len(args) != 2 {
			return nil, 0, false
		}
		l, ln, ok1 := c.pred(args[0], iter, desc)
		r, rn, ok2 := c.pred(args[1], iter, desc)
		if !ok1 || !ok2 {
			return nil, 0, false
		}
		if fn == operators.LogicalAnd {
			return func(m proto.Message) bool { return l(m) && r(m) }, ln + rn, true
		}
		return func(m proto.Message) bool { return l(m) || r(m) }, ln + rn, true
	case operators.Equals, operators.NotEquals, operators.Less, operators.LessEquals, operators.Greater, operators.GreaterEquals:
		f, ok := c.itemSelect(args[0], iter, desc)
		other, flipped := args[1], false
		if !ok {
			if f, ok = c.itemSelect(args[1], iter, desc); !ok {
				return nil, 0, false
			}
			other, flipped = args[0], true
		}
		lit, ok := c.literal(other)
		if !ok {
			return nil, 0, false
		}
		k, v, ok := constOf(lit)
		if !ok || k != f.kind || f.kind == eStrings {
			return nil, 0, false
		}
		switch fn {
		case operators.Equals:
			return equalsConst(f, v), 1, true
		case operators.NotEquals:
			p := equalsConst(f, v)
			return func(m proto.Message) bool { return !p(m) }, 1, true
		}
		// Ordering: integers only (doubles may be NaN, an error in CEL).
		if f.kind != eInt {
			return nil, 0, false
		}
		i := int64(v.(types.Int))
		less, eq := fn == operators.Less || fn == operators.LessEquals, fn == operators.LessEquals || fn == operators.GreaterEquals
		if flipped {
			less = !less
		}
		return func(m proto.Message) bool {
			a := f.i(m)
			return a == i && eq || (a != i && (a < i) == less)
		}, 1, true
	case operators.In:
		if len(args) != 2 {
			return nil, 0, false
		}
		// "tag" in x.tags
		if lit, ok := c.literal(args[0]); ok {
			f, ok := c.itemSelect(args[1], iter, desc)
			s, isStr := lit.(types.String)
			if !ok || !isStr || f.kind != eStrings {
				return nil, 0, false
			}
			want := string(s)
			return func(m proto.Message) bool {
				for _, t := range f.ss(m) {
					if t == want {
						return true
					}
				}
				return false
			}, 1, true
		}
		// x.f in [constants]
		f, ok := c.itemSelect(args[0], iter, desc)
		if !ok || f.kind == eStrings || args[1].Kind() != celast.ListKind {
			return nil, 0, false
		}
		list := args[1].AsList()
		if len(list.OptionalIndices()) > 0 {
			return nil, 0, false
		}
		var ps []pred
		for _, el := range list.Elements() {
			lit, ok := c.literal(el)
			if !ok {
				return nil, 0, false
			}
			k, v, ok := constOf(lit)
			if !ok || k != f.kind {
				return nil, 0, false
			}
			ps = append(ps, equalsConst(f, v))
		}
		if f.kind == eString {
			set := make([]string, len(list.Elements()))
			for i, el := range list.Elements() {
				lit, _ := c.literal(el)
				set[i] = string(lit.(types.String))
			}
			return func(m proto.Message) bool {
				s := f.s(m)
				for _, w := range set {
					if s == w {
						return true
					}
				}
				return false
			}, len(set), true
		}
		return func(m proto.Message) bool {
			for _, p := range ps {
				if p(m) {
					return true
				}
			}
			return false
		}, len(ps), true
	}
	return nil, 0, false
}
