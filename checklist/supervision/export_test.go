package supervision

// LayoutOf exposes an agenda's sections and input sizes to the external
// tests, which check that Merge rebuilds those of Due over the whole.
func LayoutOf(ag Agenda) any { return ag.lay }
