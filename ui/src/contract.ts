// The daemon's API contract (types and constant lists), re-exported so every UI module
// imports it from one place. Never redefine these shapes in the UI.
export * from '../../firmware/src/api-types';
