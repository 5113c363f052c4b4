import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsObject, IsString, Length, Min, ValidateNested, validateSync } from 'class-validator';
import { Check, IsList, anObject } from './request-validators';
import { validationDetails } from './validation-details';

class Item {
  @IsString()
  @Length(18, 18)
  uscc!: string;

  @IsInt()
  @Min(0)
  amount!: number;
}

class Body {
  @ValidateNested({ each: true })
  @Type(() => Item)
  records!: Item[];
}

describe('validationDetails', () => {
  it('names each broken field with a JSON path, array indexes in brackets', () => {
    const body = plainToInstance(Body, {
      records: [
        { uscc: '91350100M000100Y43', amount: 1 },
        { uscc: 'short', amount: -5 },
      ],
    });
    const details = validationDetails(validateSync(body));
    expect(details).toEqual([
      { path: 'records[1].uscc', message: 'must be longer than or equal to 18 characters' },
      { path: 'records[1].amount', message: 'must not be less than 0' },
    ]);
  });
});

class Inner {
  @IsString() code!: string;
}

class Outer {
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => Inner)
  inner!: Inner;

  @IsList({ min: 1, max: 3, message: 'must be a list of 1-3' }, anObject)
  @ValidateNested({ each: true })
  @Type(() => Inner)
  list!: Inner[];

  @Check('ratios', (v) =>
    Object.entries(v as Record<string, unknown>).flatMap(([k, r]) =>
      typeof r === 'number' ? [] : [{ path: `.${k}`, message: 'must be a number' }],
    ),
  )
  ratios!: Record<string, unknown>;
}

const options = { whitelist: true, forbidNonWhitelisted: true, validationError: { target: true } };

describe('validationDetails with the request decorators', () => {
  it('names places inside a field a Check found, and lists the known fields beside an unknown one', () => {
    const body = plainToInstance(Outer, {
      inner: { code: 'x', extra: 1 },
      list: [{ code: 'y' }],
      ratios: { A: 1, B: 'x' },
      galaxy: 1,
    });
    expect(validationDetails(validateSync(body, options))).toEqual([
      { path: 'galaxy', message: 'is not a known field (inner, list, ratios)' },
      { path: 'inner.extra', message: 'is not a known field (code)' },
      { path: 'ratios.B', message: 'must be a number' },
    ]);
  });

  it('names a field that is not an object once, and an entry of a list that is not one by its index', () => {
    const body = plainToInstance(Outer, { inner: 'x', list: ['a', { code: 1 }], ratios: {} });
    expect(validationDetails(validateSync(body, options))).toEqual([
      { path: 'inner', message: 'must be an object' },
      { path: 'list[0]', message: 'must be an object' },
      { path: 'list[1].code', message: 'must be a string' },
    ]);
  });
});
