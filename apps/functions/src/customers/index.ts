// Customer lookups shared by the staff API (`api/`) and the customer API (`customer-api/`),
// so neither imports the other.
export {
  type CustomerKind,
  type LoadedCustomer,
  loadCustomer,
  loadCustomers,
  primaryPhone,
} from './load.ts';
export {
  type ChannelState,
  type PhoneSuppression,
  type Reachability,
  reachabilities,
  reachability,
} from './reachability.ts';
