import { defineEventTypes } from '../../shared/commands/event.types';

export const { AgencyEvent: MarketEvent, EventConnection: MarketEventConnection } = defineEventTypes('Market');
