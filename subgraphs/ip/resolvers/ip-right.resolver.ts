import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../shared/agency';
import { badUserInput } from '../../shared/errors';
import type { IpLoaders } from '../data/loaders';
import {
  parsePatentApplicationNo,
  parseSoftwareRegistrationNo,
  parseTrademarkRegistrationNo,
  type ParsedRegistryNumber,
} from '../../../common/identifiers/ip-registry-numbers';
import { Institution } from '../types/institution.type';
import { IntellectualPropertyRight } from '../types/intellectual-property-right.type';
import { Patent } from '../types/patent.type';
import { SoftwareCopyright } from '../types/software-copyright.type';
import { Trademark } from '../types/trademark.type';

type Context = SubgraphContext<IpLoaders>;

function valid(parsed: ParsedRegistryNumber, argument: string): string {
  if (parsed.problem) throw badUserInput(parsed.problem.message, { argument, reason: parsed.problem.code });
  return parsed.value;
}

/** Root lookups by register number, and the way back from a right to its holder. */
@Resolver(() => IntellectualPropertyRight)
export class IpRightResolver {
  @Query(() => Patent, {
    nullable: true,
    description: 'A patent by application number (e.g. CN202310123456.7; "ZL" or no prefix accepted); null when not on record.',
  })
  patent(@Arg('applicationNo') applicationNo: string, @Ctx() ctx: Context) {
    return ctx.loaders.patentByApplicationNo.load(valid(parsePatentApplicationNo(applicationNo), 'applicationNo'));
  }

  @Query(() => Trademark, { nullable: true, description: 'A trademark by registration number; null when not on record.' })
  trademark(@Arg('registrationNo') registrationNo: string, @Ctx() ctx: Context) {
    return ctx.loaders.trademarkByRegistrationNo.load(valid(parseTrademarkRegistrationNo(registrationNo), 'registrationNo'));
  }

  @Query(() => SoftwareCopyright, {
    nullable: true,
    description: 'A software copyright by registration number (e.g. 2023SR0123456); null when not on record.',
  })
  softwareCopyright(@Arg('registrationNo') registrationNo: string, @Ctx() ctx: Context) {
    return ctx.loaders.softwareCopyrightByRegistrationNo.load(valid(parseSoftwareRegistrationNo(registrationNo), 'registrationNo'));
  }

  /** No storage access: the gateway resolves the rest of the institution from the other subgraphs. */
  @FieldResolver(() => Institution, { nullable: true })
  holder(@Root() right: { uscc: string }): Institution {
    return { uscc: right.uscc };
  }
}
