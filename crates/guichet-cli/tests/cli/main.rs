//! End-to-end tests of the `guichet` binary: real processes, real case files in temp folders.

mod support;

mod simulators;
mod vouchers;
