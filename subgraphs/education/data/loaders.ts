import type { Principal } from '../../../common/principal';
import { manyByUscc, oneByUscc, recordLoaders } from '../../shared/loaders';
import type { EducationRepository } from './repository';
import type { InstitutionPageQuery } from './rows';

export type EducationLoaders = ReturnType<typeof createEducationLoaders>;

export function createEducationLoaders(repository: EducationRepository, _principal: Principal) {
  return {
    /** Not batched: a page is one statement by construction. */
    institutionPage: (query: InstitutionPageQuery) => repository.institutionPage(query),
    institution: oneByUscc((usccs) => repository.institutions(usccs)),
    filing: oneByUscc((usccs) => repository.filings(usccs)),
    feeRule: oneByUscc((usccs) => repository.feeRules(usccs)),
    businessSystems: manyByUscc((usccs) => repository.businessSystems(usccs)),
    courses: manyByUscc((usccs) => repository.courses(usccs)),
    trainers: manyByUscc((usccs) => repository.trainers(usccs)),
    complaints: manyByUscc((usccs) => repository.complaints(usccs)),
    inspections: manyByUscc((usccs) => repository.inspections(usccs)),
    notifications: manyByUscc((usccs) => repository.notifications(usccs)),
    records: recordLoaders(repository),
    /** Not batched: the event feed and the overdue list are one statement per page. */
    eventPage: repository.eventPage.bind(repository),
    overdueRecords: repository.overdueRecords.bind(repository),
    riskAlertPage: repository.riskAlertPage.bind(repository),
  };
}
