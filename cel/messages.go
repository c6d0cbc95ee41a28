package cel

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	celgo "cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Patterns of cel-go's parse and type-check messages. Compiled once; a
// regexp is safe for concurrent use and never changes.
var (
	reUndeclared   = regexp.MustCompile(`^undeclared reference to '([^']*)'`)
	reUndefField   = regexp.MustCompile(`^undefined field '([^']*)'`)
	reNoOverload   = regexp.MustCompile(`^found no matching overload for '([^']*)' applied to '(.*)'$`)
	reExpectedType = regexp.MustCompile(`^expected type '(.*)' but found '(.*)'$`)
	reFieldType    = regexp.MustCompile(`^expected type of field '(.*)' is '(.*)' but provided type is '(.*)'$`)
	reNotRange     = regexp.MustCompile(`^expression of type '(.*)' cannot be range of a comprehension`)
	reNoSelect     = regexp.MustCompile(`^type '(.*)' does not support field selection`)
	reEOF          = regexp.MustCompile(`^mismatched input '<EOF>'`)
	reMismatched   = regexp.MustCompile(`^mismatched input '(.*?)' expecting`)
	reExtraneous   = regexp.MustCompile(`^extraneous input '(.*?)' expecting`)
	reMissing      = regexp.MustCompile(`^missing '?(.*?)'? at '(.*)'$`)
	reToken        = regexp.MustCompile(`^token recognition error at: '(.*)'$`)
	reNoViable     = regexp.MustCompile(`^no viable alternative at input '(.*)'$`)
	reReserved     = regexp.MustCompile(`^reserved identifier: (.*)$`)
)

// issues converts cel-go's issues into ours, in source order.
func (e *Env) issues(src string, iss *celgo.Issues, parsed *celast.AST) []Issue {
	var out []Issue
	for _, ce := range iss.Errors() {
		// Every rule is compiled in the zeren.v1 container; saying so in
		// each message only adds noise.
		i := Issue{Message: strings.Replace(ce.Message, " (in container 'zeren.v1')", "", 1)}
		if loc := ce.Location; loc != nil && loc.Line() > 0 {
			i.Line, i.Column = loc.Line(), loc.Column()+1
		}
		var suggestion string
		i.Code, i.MessageZh, suggestion = e.translate(ce.Message, ce.ExprID, parsed)
		if suggestion != "" && !strings.Contains(i.Message, "did you mean") {
			i.Message += suggestEn(suggestion)
		}
		if m := reUndeclared.FindStringSubmatch(ce.Message); m != nil {
			i.Column = callNameColumn(src, i.Line, i.Column, m[1])
		}
		if i.Code == CodeTooDeep && i.Line <= 0 {
			i.Line, i.Column = 1, 1
		}
		if i.Line > 0 && i.Column < 1 {
			// cel-go places the end of an empty rule at column -1: positions
			// are 1-based, so it is column 1.
			i.Column = 1
		}
		out = append(out, i)
	}
	slices.SortStableFunc(out, func(a, b Issue) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
	return out
}

// callNameColumn moves the position of an undeclared function from the
// opening parenthesis of its call, where cel-go places it, to the start of
// its name.
func callNameColumn(src string, line, column int, name string) int {
	if line <= 0 || column <= 0 {
		return column
	}
	lines := strings.Split(src, "\n")
	if line > len(lines) {
		return column
	}
	runes := []rune(lines[line-1])
	at := column - 1
	n := utf8.RuneCountInString(name)
	if at >= len(runes) || runes[at] != '(' || at < n || string(runes[at-n:at]) != name {
		return column
	}
	return column - n
}

// translate classifies a cel-go message, writes it in Chinese and proposes
// a near name for an unknown one.
func (e *Env) translate(msg string, id int64, parsed *celast.AST) (IssueCode, string, string) {
	if m := reUndeclared.FindStringSubmatch(msg); m != nil {
		s := e.suggestName(m[1])
		return CodeUndeclared, fmt.Sprintf("未定义的名称 '%s'", m[1]) + suggestZh(s), s
	}
	if m := reUndefField.FindStringSubmatch(msg); m != nil {
		s := e.suggestField(m[1], id, parsed)
		return CodeUnknownField, fmt.Sprintf("未定义的字段 '%s'", m[1]) + suggestZh(s), s
	}
	code, zh := translateOther(msg, e.cfg.maxNesting)
	return code, zh, ""
}

// translateOther classifies and translates the messages that need no
// suggestion.
func translateOther(msg string, maxNesting int) (IssueCode, string) {
	if m := reNoOverload.FindStringSubmatch(msg); m != nil {
		return CodeNoOverload, noOverloadZh(m[1], m[2])
	}
	if m := reFieldType.FindStringSubmatch(msg); m != nil {
		return CodeTypeMismatch, fmt.Sprintf("字段 '%s' 应为 %s 类型，实际给出 %s", m[1], m[2], m[3])
	}
	if m := reExpectedType.FindStringSubmatch(msg); m != nil {
		return CodeTypeMismatch, fmt.Sprintf("类型不符：应为 %s，实际为 %s", m[1], m[2])
	}
	if m := reNotRange.FindStringSubmatch(msg); m != nil {
		return CodeTypeMismatch, fmt.Sprintf("%s 类型的值不能遍历（all、exists、map、filter 只能用于列表或映射）", m[1])
	}
	if m := reNoSelect.FindStringSubmatch(msg); m != nil {
		return CodeTypeMismatch, fmt.Sprintf("%s 类型的值没有字段，不能用“.”取字段", m[1])
	}
	if s, ok := strings.CutPrefix(msg, "Syntax error: "); ok {
		return CodeSyntax, "语法错误：" + syntaxZh(s)
	}
	if strings.Contains(msg, "recursion limit exceeded") || strings.Contains(msg, "max recursion depth exceeded") {
		return CodeTooDeep, fmt.Sprintf("规则嵌套过深（上限 %d 层），请拆分或简化规则；很长的加法可改用 sum([...])", maxNesting)
	}
	if strings.Contains(msg, "error recovery") {
		return CodeSyntax, "语法错误过多，无法继续分析；请先修正前面的错误"
	}
	if strings.Contains(msg, "size exceeds limit") || strings.Contains(msg, "node limit") {
		return CodeTooLarge, "规则过长或过于复杂，请拆分或简化规则"
	}
	return CodeOther, "规则有误：" + msg
}

func suggestZh(s string) string {
	if s == "" {
		return ""
	}
	return fmt.Sprintf("，是否要写 '%s'？", s)
}

func suggestEn(s string) string {
	if s == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean '%s'?)", s)
}

// noOverloadZh explains an operator or function applied to the wrong types.
func noOverloadZh(fn, args string) string {
	var s string
	if op, ok := operators.FindReverse(fn); ok && op != "" {
		s = fmt.Sprintf("运算 '%s' 不能用于 %s 类型的值", op, args)
	} else if fn == "_[_]" || fn == "_?._" {
		s = fmt.Sprintf("不能对 %s 类型的值取下标或键", args)
	} else {
		s = fmt.Sprintf("函数 '%s' 不接受 %s 类型的参数", fn, args)
	}
	if strings.Contains(args, "int") && strings.Contains(args, "double") {
		s += "；整数（int）与小数（double）不能直接混合运算，请把整数写成小数（如 2.0）或用 double(...) 转换"
	} else if strings.Contains(args, "int") && strings.Contains(fn, "clamp") {
		s += "；参数应为小数，如 0.0、1.0"
	}
	return s
}

// syntaxZh translates the text of an ANTLR syntax error.
func syntaxZh(s string) string {
	switch {
	case reEOF.MatchString(s):
		return "规则在此处意外结束，可能缺少右括号、运算数或引号"
	case reToken.MatchString(s):
		m := reToken.FindStringSubmatch(s)
		return fmt.Sprintf("无法识别的字符 '%s'（文字须放在引号中，如 \"文字\"；运算符和括号请用半角符号）", m[1])
	}
	if m := reMismatched.FindStringSubmatch(s); m != nil {
		return fmt.Sprintf("此处不应出现 '%s'", m[1])
	}
	if m := reExtraneous.FindStringSubmatch(s); m != nil {
		return fmt.Sprintf("多余的 '%s'", m[1])
	}
	if m := reMissing.FindStringSubmatch(s); m != nil {
		return fmt.Sprintf("在 '%s' 之前缺少 '%s'", m[2], m[1])
	}
	if m := reNoViable.FindStringSubmatch(s); m != nil {
		return fmt.Sprintf("无法理解 '%s'", m[1])
	}
	if m := reReserved.FindStringSubmatch(s); m != nil {
		return fmt.Sprintf("'%s' 是保留字，不能用作名称", m[1])
	}
	return s
}

// declaredNames lists the names a rule can refer to (variables, functions,
// macros) and every field name of the schema, sorted, for suggestions.
func declaredNames(env *celgo.Env) (names, fields []string) {
	for _, v := range env.Variables() {
		names = append(names, v.Name())
	}
	for name := range env.Functions() {
		if isPlainName(name) {
			names = append(names, name)
		}
	}
	for _, m := range env.Macros() {
		if isPlainName(m.Function()) {
			names = append(names, m.Function())
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)

	for _, f := range schemaFiles() {
		fd, ok := f.(protoreflect.FileDescriptor)
		if !ok {
			continue
		}
		var walk func(protoreflect.MessageDescriptors)
		walk = func(ms protoreflect.MessageDescriptors) {
			for i := range ms.Len() {
				m := ms.Get(i)
				for j := range m.Fields().Len() {
					fields = append(fields, string(m.Fields().Get(j).Name()))
				}
				walk(m.Messages())
			}
		}
		walk(fd.Messages())
	}
	slices.Sort(fields)
	return names, slices.Compact(fields)
}

// isPlainName reports whether a function name can be written in a rule (as
// opposed to operators such as "_+_" or "@in").
func isPlainName(s string) bool {
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool {
		return !(r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) < 0
}

// suggestName proposes a declared name close to an undeclared one, or a
// field of facts written without "facts.".
func (e *Env) suggestName(name string) string {
	facts := e.messages[varFacts]
	if f := facts.Fields().ByName(protoreflect.Name(name)); f != nil {
		return varFacts + "." + name
	}
	if s := nearest(name, e.names); s != "" {
		return s
	}
	var fields []string
	for i := range facts.Fields().Len() {
		fields = append(fields, string(facts.Fields().Get(i).Name()))
	}
	if s := nearest(name, fields); s != "" {
		return varFacts + "." + s
	}
	return ""
}

// suggestField proposes a field close to an undefined one: among the fields
// of the selected message when its type can be told from the parsed rule,
// else among every field of the schema.
func (e *Env) suggestField(name string, id int64, parsed *celast.AST) string {
	fields := e.fields
	if parsed != nil {
		if md := e.operandMessage(parsed.Expr(), id); md != nil {
			fields = nil
			for i := range md.Fields().Len() {
				fields = append(fields, string(md.Fields().Get(i).Name()))
			}
		}
	}
	if s := nearest(name, fields); s != "" {
		return s
	}
	// Perhaps a function written as a field, e.g. facts.complete_rate.
	return nearest(name, e.names)
}

// typeRef is what the suggestion resolver knows of an expression's type.
type typeRef struct {
	msg  protoreflect.MessageDescriptor
	list bool
}

// operandMessage finds the select expression id in root and returns the
// message type of its operand, when it can be told without type-checking.
func (e *Env) operandMessage(root celast.Expr, id int64) protoreflect.MessageDescriptor {
	var found protoreflect.MessageDescriptor
	var walk func(x celast.Expr, scope map[string]typeRef)
	walk = func(x celast.Expr, scope map[string]typeRef) {
		if x == nil || found != nil {
			return
		}
		switch x.Kind() {
		case celast.SelectKind:
			sel := x.AsSelect()
			if x.ID() == id {
				if t := e.resolve(sel.Operand(), scope); t.msg != nil && !t.list {
					found = t.msg
				}
				return
			}
			walk(sel.Operand(), scope)
		case celast.CallKind:
			call := x.AsCall()
			if call.IsMemberFunction() {
				walk(call.Target(), scope)
			}
			for _, a := range call.Args() {
				walk(a, scope)
			}
		case celast.ListKind:
			for _, el := range x.AsList().Elements() {
				walk(el, scope)
			}
		case celast.MapKind:
			for _, en := range x.AsMap().Entries() {
				walk(en.AsMapEntry().Key(), scope)
				walk(en.AsMapEntry().Value(), scope)
			}
		case celast.StructKind:
			for _, f := range x.AsStruct().Fields() {
				walk(f.AsStructField().Value(), scope)
			}
		case celast.ComprehensionKind:
			c := x.AsComprehension()
			walk(c.IterRange(), scope)
			walk(c.AccuInit(), scope)
			inner := make(map[string]typeRef, len(scope)+2)
			for k, v := range scope {
				inner[k] = v
			}
			inner[c.AccuVar()] = typeRef{}
			rng := e.resolve(c.IterRange(), scope)
			if c.HasIterVar2() {
				inner[c.IterVar()] = typeRef{}
				inner[c.IterVar2()] = typeRef{msg: rng.msg}
			} else if rng.list {
				inner[c.IterVar()] = typeRef{msg: rng.msg}
			} else {
				inner[c.IterVar()] = typeRef{}
			}
			walk(c.LoopCondition(), inner)
			walk(c.LoopStep(), inner)
			walk(c.Result(), inner)
		}
	}
	walk(root, map[string]typeRef{})
	return found
}

// resolve tells the message type of x from the variables and the scope.
func (e *Env) resolve(x celast.Expr, scope map[string]typeRef) typeRef {
	switch x.Kind() {
	case celast.IdentKind:
		name := x.AsIdent()
		if t, ok := scope[name]; ok {
			return t
		}
		if md, ok := e.messages[name]; ok {
			return typeRef{msg: md}
		}
		if field, ok := aliasField(name); ok {
			return fieldRef(e.messages[varFacts].Fields().ByName(protoreflect.Name(field)))
		}
	case celast.SelectKind:
		base := e.resolve(x.AsSelect().Operand(), scope)
		if base.msg != nil && !base.list {
			return fieldRef(base.msg.Fields().ByName(protoreflect.Name(x.AsSelect().FieldName())))
		}
	case celast.CallKind:
		if call := x.AsCall(); call.FunctionName() == operators.Index && len(call.Args()) == 2 {
			if base := e.resolve(call.Args()[0], scope); base.list {
				return typeRef{msg: base.msg}
			}
		}
	}
	return typeRef{}
}

func fieldRef(f protoreflect.FieldDescriptor) typeRef {
	if f == nil || f.IsMap() || f.Message() == nil {
		return typeRef{}
	}
	return typeRef{msg: f.Message(), list: f.IsList()}
}

// nearest returns the candidate closest to name by edit distance, if it is
// close enough to be a likely typo; ties go to the first in order.
func nearest(name string, candidates []string) string {
	n := utf8.RuneCountInString(name)
	limit := min(3, max(1, n/3))
	best, bestD := "", limit+1
	for _, c := range candidates {
		if c == name {
			continue
		}
		if d := editDistance(name, c, bestD); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b over runes, or
// any value ≥ bound once it is known to reach bound.
func editDistance(a, b string, bound int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= bound || -d >= bound {
		return bound
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= bound {
			return bound
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Patterns of cel-go's evaluation errors.
var (
	reNoSuchKey = regexp.MustCompile(`^no such key: (.*)$`)
	reIndex     = regexp.MustCompile(`index .*out of (range|bounds)`)
)

// evalMessageZh translates a cel-go evaluation error.
func evalMessageZh(msg string) string {
	if m := reNoSuchKey.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("没有键 '%s'（指标可能缺失，可写 metrics[?'%s'].orValue(0.0) 给出缺省值）", m[1], m[1])
	}
	switch {
	case strings.Contains(msg, "division by zero"):
		return "整数除法的除数为零"
	case strings.Contains(msg, "modulus by zero"):
		return "取余运算的除数为零"
	case strings.Contains(msg, "overflow"):
		return "数值溢出（超出整数范围）"
	case reIndex.MatchString(msg):
		return "下标越界：列表中没有这个位置的元素"
	case strings.Contains(msg, "no such overload"):
		return "函数或运算不适用于这些值的类型"
	case strings.Contains(msg, "no such attribute"), strings.Contains(msg, "undeclared reference"):
		return "找不到规则引用的数据"
	case strings.Contains(msg, "optional.none() dereference"):
		return "取值失败：可选值为空（请用 orValue(...) 给出缺省值）"
	}
	return "规则计算出错：" + msg
}
