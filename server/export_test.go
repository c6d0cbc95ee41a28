package server

import "maps"

// Snapshot returns a copy of every record the store holds, by kind and id,
// so that a test can prove a failed call left the store unchanged.
func (m *MemoryStore) Snapshot() map[string]map[string]Record {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make(map[string]map[string]Record, len(m.docs))
	for k, docs := range m.docs {
		if len(docs) > 0 {
			out[k] = maps.Clone(docs)
		}
	}
	return out
}

// Compiles returns how many times RunAssessment compiled an indicator
// system, the compilations its cache did not spare.
func (s *Server) Compiles() int64 {
	s.compiled.mu.Lock()
	defer s.compiled.mu.Unlock()
	return s.compiled.compiles
}

// WithApplyBatch sets the most changes the server writes in one
// Store.Apply (default maxBatch), so that a test of the sample can see what
// a province's writes in several transactions do.
func WithApplyBatch(n int) Option {
	return optionFunc(func(s *Server) { s.applyBatch = n })
}

// WithStoreWrapper puts wrap's store between the server and the store it
// was given, so that a test can watch the calls the server makes.
func WithStoreWrapper(wrap func(Store) Store) Option {
	return optionFunc(func(s *Server) { s.store = wrap(s.store) })
}

// WithRunProposalIDs sets how many proposal ids a run's record lists
// (default maxRunProposalIDs), so that a test of the sample can pass it.
func WithRunProposalIDs(n int) Option {
	return optionFunc(func(s *Server) { s.runProposalIDs = n })
}
