// Package slab hands out small slices and values carved from larger
// arrays, for a reader that builds many small values of a few types
// (the case file reader's statements, templates, lists and paths): one
// allocation for many instead of one each, which was most of the
// allocations of reading a case file of 10,000 cases.
//
// What a Slab hands out is never handed out again and never moved: it is
// as if made on its own, except that it keeps the rest of its array
// alive while it is in use, so a Slab suits values that live about as
// long as their neighbours (the cases of one file, read in turn). Every
// slice has its length as its capacity, so that appending to one copies
// it instead of writing over the next.
package slab
