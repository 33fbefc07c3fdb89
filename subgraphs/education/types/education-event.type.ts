import { defineEventTypes } from '../../shared/commands/event.types';

export const { AgencyEvent: EducationEvent, EventConnection: EducationEventConnection } = defineEventTypes('Education');
