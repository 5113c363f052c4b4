import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsString, Length, Min, ValidateNested, validateSync } from 'class-validator';
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
